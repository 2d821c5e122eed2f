package social.waddle.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Reads class files' declarations (not their code) with ASM. */
final class ClassFiles {

    private ClassFiles() {
    }

    static ApiClass declarations(byte[] classFile) {
        Map<String, ApiMember> methods = new HashMap<>();
        Map<String, ApiMember> fields = new HashMap<>();
        ApiClass[] header = new ApiClass[1];
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                header[0] = new ApiClass(name, access, superName, List.of(interfaces), Map.of(), Map.of());
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                           Object value) {
                fields.put(ApiClass.fieldKey(name, descriptor),
                        new ApiMember(header[0].name(), name, descriptor, access));
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                methods.put(ApiClass.methodKey(name, descriptor),
                        new ApiMember(header[0].name(), name, descriptor, access));
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        ApiClass read = header[0];
        return new ApiClass(read.name(), read.access(), read.superName(), read.interfaces(), methods, fields);
    }

    static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A source that reads each class once, on first request, through {@code bytes}. */
    static ClassSource caching(Function<String, byte[]> bytes) {
        Map<String, Optional<ApiClass>> cache = new ConcurrentHashMap<>();
        return internalName -> cache.computeIfAbsent(internalName, name -> {
            byte[] classFile = bytes.apply(name);
            return classFile == null ? Optional.empty() : Optional.of(declarations(classFile));
        });
    }

    /** The classes of {@code source} whose internal names match {@code names}. */
    static ClassSource only(Predicate<String> names, ClassSource source) {
        return internalName -> names.test(internalName) ? source.find(internalName) : Optional.empty();
    }

    /** The classes of {@code source} whose internal names do not match {@code names}. */
    static ClassSource except(Predicate<String> names, ClassSource source) {
        return only(names.negate(), source);
    }

    /** Classes visible to {@code loader} as resources: the running JDK and the test class path. */
    static ClassSource fromClassLoader(ClassLoader loader) {
        return caching(name -> {
            InputStream in = loader.getResourceAsStream(name + ".class");
            return in == null ? null : read(in);
        });
    }

    /** Class files under a directory laid out by package ({@code target/classes}). */
    static ClassSource fromDirectory(Path root) {
        return caching(name -> {
            Path file = root.resolve(name + ".class");
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
