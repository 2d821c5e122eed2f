package social.waddle.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * One of our class files: its declarations, every class or member reference its bytecode makes, and the lambdas
 * (and method references) it creates, whose functional interfaces must not gain abstract methods.
 */
record CompiledClass(ApiClass declarations, List<Reference> references, List<Lambda> lambdas) {

    /**
     * A {@code LambdaMetafactory} call site: the object it makes implements {@code interfaces} with one body for
     * {@code name} under each of {@code descriptors} (the erased functional descriptor and any bridges).
     */
    record Lambda(String site, int line, String name, List<String> interfaces, List<String> descriptors) {
    }

    static final String HEADER = "<class header>";
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final int FLAG_MARKERS = 2;
    private static final int FLAG_BRIDGES = 4;

    String name() {
        return declarations.name();
    }

    static CompiledClass read(byte[] classFile) {
        Collector collector = new Collector();
        new ClassReader(classFile).accept(collector, ClassReader.SKIP_FRAMES);
        ApiClass declarations = new ApiClass(collector.name, collector.access, collector.superName,
                collector.interfaces, collector.methods, collector.fields);
        return new CompiledClass(declarations, List.copyOf(collector.references), List.copyOf(collector.lambdas));
    }

    private static final class Collector extends ClassVisitor {
        final List<Reference> references = new ArrayList<>();
        final List<Lambda> lambdas = new ArrayList<>();
        final Map<String, ApiMember> methods = new HashMap<>();
        final Map<String, ApiMember> fields = new HashMap<>();
        String name;
        int access;
        String superName;
        List<String> interfaces = List.of();

        Collector() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            this.name = name;
            this.access = access;
            this.superName = superName;
            this.interfaces = List.of(interfaces);
            if (superName != null) {
                references.add(Reference.type(Reference.Use.SUPERCLASS, HEADER, 0, superName));
            }
            for (String implemented : interfaces) {
                references.add(Reference.type(Reference.Use.INTERFACE, HEADER, 0, implemented));
            }
        }

        @Override
        public FieldVisitor visitField(int access, String fieldName, String descriptor, String signature,
                                       Object value) {
            fields.put(ApiClass.fieldKey(fieldName, descriptor), new ApiMember(name, fieldName, descriptor, access));
            for (String type : Names.classesIn(descriptor)) {
                references.add(Reference.type(Reference.Use.TYPE, "field " + fieldName, 0, type));
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String methodName, String descriptor, String signature,
                                         String[] exceptions) {
            methods.put(ApiClass.methodKey(methodName, descriptor),
                    new ApiMember(name, methodName, descriptor, access));
            String site = methodName + descriptor;
            for (String type : Names.classesIn(descriptor)) {
                references.add(Reference.type(Reference.Use.TYPE, site, 0, type));
            }
            return new CodeCollector(site);
        }

        private final class CodeCollector extends MethodVisitor {
            private final String site;
            private int line;

            CodeCollector(String site) {
                super(Opcodes.ASM9);
                this.site = site;
            }

            @Override
            public void visitLineNumber(int line, Label start) {
                this.line = line;
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                references.add(Reference.type(opcode == Opcodes.NEW ? Reference.Use.NEW : Reference.Use.TYPE,
                        site, line, type));
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
                references.add(Reference.type(Reference.Use.TYPE, site, line, descriptor));
            }

            @Override
            public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                if (type != null) {
                    references.add(Reference.type(Reference.Use.TYPE, site, line, type));
                }
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String fieldName, String descriptor) {
                references.add(new Reference(Reference.Use.FIELD, site, line, owner, fieldName, descriptor, opcode,
                        false));
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String methodName, String descriptor,
                                        boolean isInterface) {
                references.add(new Reference(Reference.Use.METHOD, site, line, owner, methodName, descriptor,
                        opcode, isInterface));
            }

            @Override
            public void visitLdcInsn(Object value) {
                constant(value);
            }

            @Override
            public void visitInvokeDynamicInsn(String methodName, String descriptor, Handle bootstrap,
                                               Object... arguments) {
                handle(bootstrap);
                for (Object argument : arguments) {
                    constant(argument);
                }
                Type functional = Type.getReturnType(descriptor);
                if (bootstrap.getOwner().equals(LAMBDA_METAFACTORY) && functional.getSort() == Type.OBJECT) {
                    lambda(methodName, functional.getInternalName(), bootstrap, arguments);
                }
            }

            private void lambda(String methodName, String functional, Handle bootstrap, Object[] arguments) {
                List<String> interfaces = new ArrayList<>(List.of(functional));
                List<String> descriptors = new ArrayList<>(List.of(((Type) arguments[0]).getDescriptor()));
                if (bootstrap.getName().equals("altMetafactory")) {
                    int flags = (Integer) arguments[3];
                    int next = 4;
                    if ((flags & FLAG_MARKERS) != 0) {
                        int markers = (Integer) arguments[next++];
                        for (int i = 0; i < markers; i++) {
                            interfaces.add(((Type) arguments[next++]).getInternalName());
                        }
                    }
                    if ((flags & FLAG_BRIDGES) != 0) {
                        int bridges = (Integer) arguments[next++];
                        for (int i = 0; i < bridges; i++) {
                            descriptors.add(((Type) arguments[next++]).getDescriptor());
                        }
                    }
                }
                for (String implemented : interfaces) {
                    references.add(Reference.type(Reference.Use.LAMBDA, site, line, implemented));
                }
                lambdas.add(new Lambda(site, line, methodName, List.copyOf(interfaces), List.copyOf(descriptors)));
            }

            private void constant(Object value) {
                if (value instanceof Type type) {
                    if (type.getSort() == Type.METHOD) {
                        for (String mentioned : Names.classesIn(type.getDescriptor())) {
                            references.add(Reference.type(Reference.Use.TYPE, site, line, mentioned));
                        }
                    } else if (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY) {
                        references.add(Reference.type(Reference.Use.TYPE, site, line, type.getInternalName()));
                    }
                } else if (value instanceof Handle handle) {
                    handle(handle);
                } else if (value instanceof ConstantDynamic dynamic) {
                    handle(dynamic.getBootstrapMethod());
                    for (int i = 0; i < dynamic.getBootstrapMethodArgumentCount(); i++) {
                        constant(dynamic.getBootstrapMethodArgument(i));
                    }
                }
            }

            private void handle(Handle handle) {
                int opcode = switch (handle.getTag()) {
                    case Opcodes.H_GETFIELD -> Opcodes.GETFIELD;
                    case Opcodes.H_GETSTATIC -> Opcodes.GETSTATIC;
                    case Opcodes.H_PUTFIELD -> Opcodes.PUTFIELD;
                    case Opcodes.H_PUTSTATIC -> Opcodes.PUTSTATIC;
                    case Opcodes.H_INVOKEVIRTUAL -> Opcodes.INVOKEVIRTUAL;
                    case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
                    case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
                    default -> Opcodes.INVOKESPECIAL;
                };
                boolean field = handle.getTag() <= Opcodes.H_PUTSTATIC;
                if (handle.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
                    references.add(Reference.type(Reference.Use.NEW, site, line, handle.getOwner()));
                }
                references.add(new Reference(field ? Reference.Use.FIELD : Reference.Use.METHOD, site, line,
                        handle.getOwner(), handle.getName(), handle.getDesc(), opcode, handle.isInterface()));
            }
        }
    }
}
