package social.waddle.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.compat.Finding.Kind;
import social.waddle.compat.traps.CompleteMucListener;
import social.waddle.compat.traps.HomeDirectoryReader;
import social.waddle.compat.traps.LambdaInterceptor;
import social.waddle.compat.traps.LegacyMucListener;
import social.waddle.compat.traps.MucRoleReader;
import social.waddle.compat.traps.MucRoomNameReader;
import social.waddle.compat.traps.NamedModule;
import social.waddle.compat.traps.PluginLookup;
import social.waddle.compat.traps.RegisteredUserCheck;
import social.waddle.compat.traps.RoomLookup;
import social.waddle.compat.traps.XmlPropertyWriter;
import social.waddle.openfire.WaddlePlugin;

class CompatibilityGuardTest {

    private static final Logger Log = LoggerFactory.getLogger(CompatibilityGuardTest.class);

    private static final String V4 = "4.2.0";
    private static final String V5 = "5.1.1";
    private static final String TRAPS = "social.waddle.compat.traps";

    private static OpenfireApi openfire420;
    private static OpenfireApi openfire511;
    private static CompatibilityGuard guard;
    private static CompatibilityReport traps;

    @BeforeAll
    static void loadBothVersions() {
        openfire420 = OpenfireApi.openfire420();
        openfire511 = OpenfireApi.openfire511();
        guard = CompatibilityGuard.ofApis(List.of(openfire420, openfire511),
                ClassFiles.fromClassLoader(CompatibilityGuardTest.class.getClassLoader()));
        traps = guard.check(CompatibilityGuard.classesRoot(CompatibilityGuardTest.class), TRAPS);
        Log.info("{}", traps);
    }

    @AfterAll
    static void closeJars() {
        openfire420.close();
        openfire511.close();
    }

    @Test
    void productionClassesLinkOnOpenfire420And511() throws IOException {
        Path classes = CompatibilityGuard.classesRoot(WaddlePlugin.class);

        CompatibilityReport report = guard.check(classes);

        Files.writeString(classes.resolveSibling("compat-guard-report.txt"), report + System.lineSeparator());
        Log.info("{}", report);
        assertThat(report.classesChecked()).isGreaterThanOrEqualTo(4);
        assertThat(report.referencesChecked()).as("the guard saw our Openfire and Tinder references")
                .isGreaterThan(20);
        assertThat(report.findings()).as("%s", report).isEmpty();
    }

    @Test
    void callOnMucRoomIsReportedAsItsKindChanged() {
        List<Finding> findings = traps.findingsIn(MucRoomNameReader.class.getName());

        assertThat(findings).extracting(Finding::kind, Finding::version).contains(
                tuple(Kind.KIND_CHANGED, V4 + " and " + V5),
                tuple(Kind.WRONG_KIND, V5));
        assertThat(findings).filteredOn(finding -> finding.kind() == Kind.WRONG_KIND)
                .singleElement()
                .satisfies(finding -> {
                    assertThat(finding.reference())
                            .isEqualTo("invokeinterface org.jivesoftware.openfire.muc.MUCRoom.getName()Ljava/lang/String;");
                    assertThat(finding.site()).isEqualTo("nameOf(Lorg/jivesoftware/openfire/muc/MUCRoom;)Ljava/lang/String;");
                    assertThat(finding.reason()).contains("is a class in Openfire 5.1.1");
                });
    }

    @Test
    void mucListenerWithOnlyThe420MethodsLacksThe511Ones() {
        List<Finding> findings = traps.findingsIn(LegacyMucListener.class.getName());

        String listener = "abstract org.jivesoftware.openfire.muc.MUCEventListener.";
        assertThat(findings).allSatisfy(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.UNIMPLEMENTED_ABSTRACT);
            assertThat(finding.version()).isEqualTo(V5);
        });
        assertThat(findings).extracting(Finding::reference).containsExactlyInAnyOrder(
                listener + "roomCreated(JLorg/xmpp/packet/JID;)V",
                listener + "roomDestroyed(JLorg/xmpp/packet/JID;)V",
                listener + "roomClearChatHistory(JLorg/xmpp/packet/JID;)V",
                listener + "occupantLeft(Lorg/xmpp/packet/JID;Lorg/xmpp/packet/JID;Ljava/lang/String;)V",
                listener + "occupantNickKicked(Lorg/xmpp/packet/JID;Ljava/lang/String;)V");
    }

    @Test
    void setXmlPropertyIsMissingOn511BecauseItsReturnTypeChanged() {
        List<Finding> findings = traps.findingsIn(XmlPropertyWriter.class.getName());

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.MISSING_MEMBER);
            assertThat(finding.version()).isEqualTo(V5);
            assertThat(finding.reference()).isEqualTo(
                    "invokestatic org.jivesoftware.util.JiveGlobals.setXMLProperty(Ljava/lang/String;Ljava/lang/String;)V");
            assertThat(finding.reason()).contains(
                    "org.jivesoftware.util.JiveGlobals.setXMLProperty(Ljava/lang/String;Ljava/lang/String;)Z static");
        });
    }

    @Test
    void removedMethodsAreMissingOn511() {
        assertThat(traps.findingsIn(HomeDirectoryReader.class.getName()))
                .extracting(Finding::kind, Finding::version, Finding::reference)
                .containsExactly(tuple(Kind.MISSING_MEMBER, V5,
                        "invokestatic org.jivesoftware.util.JiveGlobals.getHomeDirectory()Ljava/lang/String;"));
        assertThat(traps.findingsIn(PluginLookup.class.getName()))
                .extracting(Finding::kind, Finding::version, Finding::reference)
                .containsExactly(tuple(Kind.MISSING_MEMBER, V5, "invokevirtual "
                        + "org.jivesoftware.openfire.container.PluginManager.getPlugin(Ljava/lang/String;)"
                        + "Lorg/jivesoftware/openfire/container/Plugin;"));
        assertThat(traps.findingsIn(RegisteredUserCheck.class.getName()))
                .singleElement()
                .satisfies(finding -> {
                    assertThat(finding.kind()).isEqualTo(Kind.MISSING_MEMBER);
                    assertThat(finding.version()).isEqualTo(V5);
                    assertThat(finding.reference()).isEqualTo("invokevirtual "
                            + "org.jivesoftware.openfire.user.UserManager.isRegisteredUser(Ljava/lang/String;)Z");
                    assertThat(finding.reason()).contains("isRegisteredUser(Lorg/xmpp/packet/JID;Z)Z");
                });
    }

    @Test
    void mucRoleIsMissingOn511() {
        List<Finding> findings = traps.findingsIn(MucRoleReader.class.getName());

        assertThat(findings).isNotEmpty().allSatisfy(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.MISSING_CLASS);
            assertThat(finding.version()).isEqualTo(V5);
        });
        assertThat(findings).extracting(Finding::reference).contains(
                "type org.jivesoftware.openfire.muc.MUCRole",
                "invokeinterface org.jivesoftware.openfire.muc.MUCRole.getRole()Lorg/jivesoftware/openfire/muc/MUCRole$Role;",
                "getstatic org.jivesoftware.openfire.muc.MUCRole$Role.moderator:Lorg/jivesoftware/openfire/muc/MUCRole$Role;");
    }

    @Test
    void trapsCompiledAgainst420LinkOn420() {
        assertThat(traps.findings())
                .filteredOn(finding -> finding.version().equals(V4))
                .as("%s", traps)
                .isEmpty();
    }

    @Test
    void controlsLinkOnBothVersions() {
        assertThat(traps.findingsIn(CompleteMucListener.class.getName())).as("%s", traps).isEmpty();
        assertThat(traps.findingsIn(RoomLookup.class.getName())).as("%s", traps).isEmpty();
        assertThat(traps.findingsIn(NamedModule.class.getName())).as("%s", traps).isEmpty();
        assertThat(traps.findingsIn(LambdaInterceptor.class.getName())).as("%s", traps).isEmpty();
    }

    @Test
    void lambdaOfAnOpenfireInterfaceThatGainedAnAbstractMethodIsReported() {
        // 5.1.1 as if PacketInterceptor had gained a second abstract method, as MUCEventListener did.
        OpenfireApi grown = OpenfireApi.of("5.1.1-grown", name -> openfire511.find(name).map(type ->
                type.name().equals("org/jivesoftware/openfire/interceptor/PacketInterceptor")
                        ? withAbstract(type, "interceptorAdded", "()V") : type));
        CompatibilityGuard grownGuard = CompatibilityGuard.ofApis(List.of(grown),
                ClassFiles.fromClassLoader(CompatibilityGuardTest.class.getClassLoader()));

        CompatibilityReport report = grownGuard.check(CompatibilityGuard.classesRoot(CompatibilityGuardTest.class),
                TRAPS);

        assertThat(report.findingsIn(LambdaInterceptor.class.getName())).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.UNIMPLEMENTED_ABSTRACT);
            assertThat(finding.site()).isEqualTo("dropNothing()Lorg/jivesoftware/openfire/interceptor/PacketInterceptor;");
            assertThat(finding.reason()).contains("PacketInterceptor.interceptorAdded()V");
        });
    }

    private static ApiClass withAbstract(ApiClass type, String name, String descriptor) {
        Map<String, ApiMember> methods = new HashMap<>(type.methods());
        methods.put(ApiClass.methodKey(name, descriptor),
                new ApiMember(type.name(), name, descriptor, Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT));
        return new ApiClass(type.name(), type.access(), type.superName(), type.interfaces(), methods, type.fields());
    }

    @Test
    void membersInheritedFromOpenfireAreResolvedThroughSupertypes() {
        // 5.1.1 as if getName() (BasicModule's, and Module's it implements) and Packet.getFrom() were gone: our
        // bytecode reaches both only by inheritance.
        OpenfireApi stripped = OpenfireApi.of("5.1.1-stripped", name -> openfire511.find(name).map(type ->
                switch (type.name()) {
                    case "org/jivesoftware/openfire/container/BasicModule", "org/jivesoftware/openfire/container/Module"
                            -> without(type, "getName()Ljava/lang/String;");
                    case "org/xmpp/packet/Packet" -> without(type, "getFrom()Lorg/xmpp/packet/JID;");
                    default -> type;
                }));
        CompatibilityGuard strippedGuard = CompatibilityGuard.ofApis(List.of(stripped),
                ClassFiles.fromClassLoader(CompatibilityGuardTest.class.getClassLoader()));

        CompatibilityReport ourCall = strippedGuard.check(
                CompatibilityGuard.classesRoot(CompatibilityGuardTest.class), TRAPS);
        CompatibilityReport production = strippedGuard.check(CompatibilityGuard.classesRoot(WaddlePlugin.class));

        assertThat(ourCall.findingsIn(NamedModule.class.getName()))
                .extracting(Finding::kind, Finding::reference)
                .containsExactly(tuple(Kind.MISSING_MEMBER,
                        "invokevirtual social.waddle.compat.traps.NamedModule.getName()Ljava/lang/String;"));
        // Every call of getFrom() on a stanza subclass is reported, whichever production class makes it.
        assertThat(production.findings()).isNotEmpty().allSatisfy(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.MISSING_MEMBER);
            assertThat(finding.reference()).matches(
                    "invokevirtual org\\.xmpp\\.packet\\.(IQ|Presence|Message)\\.getFrom\\(\\)Lorg/xmpp/packet/JID;");
        });
        assertThat(production.findings()).extracting(Finding::className, Finding::reference)
                .contains(tuple("social/waddle/openfire/WaddleComponent",
                        "invokevirtual org.xmpp.packet.IQ.getFrom()Lorg/xmpp/packet/JID;"));
    }

    private static ApiClass without(ApiClass type, String methodKey) {
        Map<String, ApiMember> methods = new HashMap<>(type.methods());
        assertThat(methods.remove(methodKey)).as("%s declares %s", type.name(), methodKey).isNotNull();
        return new ApiClass(type.name(), type.access(), type.superName(), type.interfaces(), methods, type.fields());
    }

    @Test
    void staticAccessToInstanceMembersAndTheReverseAreReported(@TempDir Path classes) throws IOException {
        // No member of 4.2.0 changed static-ness in 5.1.1, so javac cannot produce this: write the bytecode.
        String name = "social/waddle/compat/generated/StaticMismatch";
        Path classFile = classes.resolve(name + ".class");
        Files.createDirectories(classFile.getParent());
        Files.write(classFile, staticMismatchClass(name));

        CompatibilityReport report = guard.check(classes);

        assertThat(report.findings()).extracting(Finding::kind, Finding::version, Finding::reference)
                .containsExactlyInAnyOrder(
                        tuple(Kind.STATIC_MISMATCH, V4, "invokestatic org.xmpp.packet.JID.toBareJID()Ljava/lang/String;"),
                        tuple(Kind.STATIC_MISMATCH, V5, "invokestatic org.xmpp.packet.JID.toBareJID()Ljava/lang/String;"),
                        tuple(Kind.STATIC_MISMATCH, V4, "invokevirtual org.jivesoftware.util.JiveGlobals.getProperty"
                                + "(Ljava/lang/String;)Ljava/lang/String;"),
                        tuple(Kind.STATIC_MISMATCH, V5, "invokevirtual org.jivesoftware.util.JiveGlobals.getProperty"
                                + "(Ljava/lang/String;)Ljava/lang/String;"),
                        tuple(Kind.STATIC_MISMATCH, V4, "getfield org.xmpp.packet.IQ$Type.get:Lorg/xmpp/packet/IQ$Type;"),
                        tuple(Kind.STATIC_MISMATCH, V5, "getfield org.xmpp.packet.IQ$Type.get:Lorg/xmpp/packet/IQ$Type;"));
        assertThat(report.toString()).contains("is static (IncompatibleClassChangeError)",
                "is an instance method (IncompatibleClassChangeError)");
    }

    @Test
    void reportNamesOurMethodTheReferenceTheVersionAndWhy() {
        String report = traps.toString();

        assertThat(report).startsWith("Openfire compatibility guard: " + traps.findings().size() + " problem(s) in ");
        assertThat(report.lines().collect(Collectors.toList())).containsSubsequence(
                "  1. " + traps.findings().get(0).kind() + " on Openfire " + traps.findings().get(0).version()
                        + " at " + Names.binary(traps.findings().get(0).className()) + "."
                        + traps.findings().get(0).site() + " (line " + traps.findings().get(0).line() + ")",
                "      " + traps.findings().get(0).reference(),
                "      " + traps.findings().get(0).reason());
    }

    private static byte[] staticMismatchClass(String name) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, name, null,
                "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "mismatched", "()V", null,
                null);
        method.visitCode();
        method.visitMethodInsn(Opcodes.INVOKESTATIC, "org/xmpp/packet/JID", "toBareJID", "()Ljava/lang/String;",
                false);
        method.visitInsn(Opcodes.POP);
        method.visitInsn(Opcodes.ACONST_NULL);
        method.visitLdcInsn("key");
        method.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/jivesoftware/util/JiveGlobals", "getProperty",
                "(Ljava/lang/String;)Ljava/lang/String;", false);
        method.visitInsn(Opcodes.POP);
        method.visitInsn(Opcodes.ACONST_NULL);
        method.visitFieldInsn(Opcodes.GETFIELD, "org/xmpp/packet/IQ$Type", "get", "Lorg/xmpp/packet/IQ$Type;");
        method.visitInsn(Opcodes.POP);
        method.visitInsn(Opcodes.RETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
