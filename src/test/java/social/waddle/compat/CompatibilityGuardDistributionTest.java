package social.waddle.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.compat.Finding.Kind;
import social.waddle.compat.traps.CompleteMucListener;
import social.waddle.compat.traps.JettyNineUtilities;
import social.waddle.compat.traps.LambdaInterceptor;
import social.waddle.compat.traps.NamedModule;
import social.waddle.compat.traps.RoomLookup;
import social.waddle.compat.traps.ServletPage;
import social.waddle.openfire.WaddlePlugin;
import social.waddle.testbed.openfire.OpenfireDistribution;

/**
 * The guard against the whole class world our plugin gets on a real Openfire 5.x distribution (JDK, {@code lib/},
 * our bundled jars): Jetty, servlet, SLF4J, dom4j, BouncyCastle and JDK references included, not only Openfire's.
 * Needs {@code -Dopenfire.distribution=...}: skipped loudly without one, failed without one on CI.
 */
class CompatibilityGuardDistributionTest {

    private static final Logger Log = LoggerFactory.getLogger(CompatibilityGuardDistributionTest.class);

    private static final String TRAPS = "social.waddle.compat.traps";

    private static final String MISSING = "No Openfire 5.x distribution given: our bytecode was NOT checked against"
            + " the jars of the Openfire admins run (Jetty, libraries, JDK). Pass -Dopenfire.distribution="
            + "<openfire_5.x.tar.gz or its folder> or set " + OpenfireDistribution.ENVIRONMENT + ".";

    private static OpenfireDistribution distribution;
    private static DistributionWorld world;
    private static CompatibilityReport traps;

    @BeforeAll
    static void loadDistribution() {
        // Fails on CI without a distribution; elsewhere the tests are skipped.
        Optional<OpenfireDistribution> configured = OpenfireDistribution.forTestBed();
        if (configured.isEmpty()) {
            Log.warn("""

                    ************************************************************************************
                    {}
                    ************************************************************************************""", MISSING);
            return;
        }
        distribution = configured.get();
        world = DistributionWorld.of(distribution, CompatLibraries.bundledJars());
        traps = new CompatibilityGuard(List.of(world))
                .check(CompatibilityGuard.classesRoot(CompatibilityGuardDistributionTest.class), TRAPS);
        Log.info("{}", traps);
    }

    /** Each test shows as skipped, not only the class: the run's summary says what was not checked. */
    @BeforeEach
    void needsDistribution() {
        assumeTrue(world != null, MISSING);
    }

    @AfterAll
    static void closeJars() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void productionClassesLinkInTheDistribution() throws IOException {
        Path classes = CompatibilityGuard.classesRoot(WaddlePlugin.class);

        CompatibilityReport report = new CompatibilityGuard(List.of(world)).check(classes);

        Files.writeString(classes.resolveSibling("compat-guard-distribution-report.txt"),
                report + System.lineSeparator());
        Log.info("{}", report);
        assertThat(report.versions()).containsExactly(distribution.version() + " distribution");
        assertThat(report.referencesChecked()).as("every reference is governed in a distribution")
                .isGreaterThan(5_000);
        assertThat(report.findings()).as("%s", report).isEmpty();
    }

    @Test
    void bundledJarsAreNotShadowedByTheDistribution() {
        List<Path> bundled = CompatLibraries.bundledJars();

        assertThat(bundled).as("waddle.jar bundles Jackson").anySatisfy(jar ->
                assertThat(jar.getFileName().toString()).startsWith("jackson-databind-"));
        assertThat(world.shadowedBundles()).as("bundled jars the parent-first lookup passes over").isEmpty();
    }

    @Test
    void bundledJarShadowedByTheDistributionIsReported() {
        // As if we bundled 4.2.0's Jetty 9 utilities and SLF4J 1.7: the server's Jetty 12 and SLF4J 2 win.
        Path jetty9 = CompatLibraries.openfire420Lib().resolve("jetty-util-9.2.14.v20151106.jar");
        Path slf4j17 = CompatLibraries.openfire420Lib().resolve("slf4j-api-1.7.7.jar");
        try (DistributionWorld bundlingOld = DistributionWorld.of(distribution, List.of(jetty9, slf4j17))) {

            List<DistributionWorld.ShadowedJar> shadowed = bundlingOld.shadowedBundles();

            assertThat(shadowed).extracting(DistributionWorld.ShadowedJar::jar).containsExactly(jetty9, slf4j17);
            assertThat(shadowed.get(0).shadowed()).contains("org/eclipse/jetty/util/StringUtil");
            assertThat(shadowed.get(0).shadowedBy()).contains("lib/jetty-util-12.0.31.jar");
            assertThat(shadowed.get(0).sharedPackages()).contains("org/eclipse/jetty/util")
                    .doesNotContain("org/eclipse/jetty/util/log");
            assertThat(shadowed.get(1).shadowed()).contains("org/slf4j/LoggerFactory");
            assertThat(shadowed.get(1).toString()).contains("slf4j-api-1.7.7.jar: ", "lib/slf4j-api-2.0.18.jar");
        }
    }

    @Test
    void jettyNineApiIsReportedInTheDistribution() {
        List<Finding> findings = traps.findingsIn(JettyNineUtilities.class.getName());

        String version = distribution.version() + " distribution";
        assertThat(findings).extracting(Finding::kind, Finding::version, Finding::reference).contains(
                tuple(Kind.MISSING_CLASS, version, "type org.eclipse.jetty.util.log.Logger"),
                tuple(Kind.MISSING_CLASS, version, "invokestatic org.eclipse.jetty.util.log.Log.getLogger"
                        + "(Ljava/lang/Class;)Lorg/eclipse/jetty/util/log/Logger;"),
                tuple(Kind.MISSING_MEMBER, version,
                        "invokestatic org.eclipse.jetty.util.StringUtil.isUTF8(Ljava/lang/String;)Z"),
                tuple(Kind.MISSING_MEMBER, version,
                        "getstatic org.eclipse.jetty.util.StringUtil.__UTF8_CHARSET:Ljava/nio/charset/Charset;"));
        assertThat(findings).filteredOn(finding -> finding.kind() == Kind.MISSING_CLASS).first()
                .satisfies(finding -> assertThat(finding.reason())
                        .contains("has no class org.eclipse.jetty.util.log.Log"));
    }

    @Test
    void jettyNineApiIsInvisibleToTheApiWorlds() {
        try (OpenfireApi openfire420 = OpenfireApi.openfire420(); OpenfireApi openfire511 = OpenfireApi.openfire511()) {
            CompatibilityGuard apiGuard = CompatibilityGuard.ofApis(List.of(openfire420, openfire511),
                    ClassFiles.fromClassLoader(CompatibilityGuardDistributionTest.class.getClassLoader()));

            CompatibilityReport report = apiGuard.check(
                    CompatibilityGuard.classesRoot(CompatibilityGuardDistributionTest.class), TRAPS);

            assertThat(report.findingsIn(JettyNineUtilities.class.getName())).as("why the distribution world exists")
                    .isEmpty();
        }
    }

    @Test
    void openfireTrapsAreReportedAlikeByTheApiTableAndTheDistribution() {
        try (OpenfireApi openfire511 = OpenfireApi.openfire511()) {
            CompatibilityReport table = CompatibilityGuard.ofApis(List.of(openfire511),
                            ClassFiles.fromClassLoader(CompatibilityGuardDistributionTest.class.getClassLoader()))
                    .check(CompatibilityGuard.classesRoot(CompatibilityGuardDistributionTest.class), TRAPS);

            assertThat(table.findings()).isNotEmpty();
            assertThat(openfireFindings(traps)).as("%s%n%s", table, traps)
                    .containsExactlyInAnyOrderElementsOf(openfireFindings(table));
        }
    }

    private static Set<List<Object>> openfireFindings(CompatibilityReport report) {
        return report.findings().stream()
                .filter(finding -> !finding.className().equals(Names.internal(JettyNineUtilities.class.getName())))
                .map(finding -> List.<Object>of(finding.kind(), finding.className(), finding.site(),
                        finding.reference()))
                .collect(Collectors.toSet());
    }

    @Test
    void jdkAndLibraryReferencesAreCheckedLikeOpenfireOnes(@TempDir Path classes) throws IOException {
        // javac cannot produce these against the same class path: write the bytecode.
        String name = "social/waddle/compat/generated/Misfit";
        Path classFile = classes.resolve(name + ".class");
        Files.createDirectories(classFile.getParent());
        Files.write(classFile, misfitClass(name));

        CompatibilityReport report = new CompatibilityGuard(List.of(world)).check(classes);

        String version = distribution.version() + " distribution";
        assertThat(report.findings()).extracting(Finding::kind, Finding::version, Finding::reference)
                .containsExactlyInAnyOrder(
                        tuple(Kind.STATIC_MISMATCH, version, "invokestatic java.lang.String.length()I"),
                        tuple(Kind.MISSING_MEMBER, version, "invokevirtual java.lang.String.length()J"),
                        tuple(Kind.WRONG_KIND, version, "invokevirtual org.slf4j.Logger.isDebugEnabled()Z"),
                        tuple(Kind.UNIMPLEMENTED_ABSTRACT, version, "abstract javax.servlet.Filter.doFilter"
                                + "(Ljavax/servlet/ServletRequest;Ljavax/servlet/ServletResponse;"
                                + "Ljavax/servlet/FilterChain;)V"));
    }

    /** A servlet filter without {@code doFilter} whose one method misuses the JDK and SLF4J. */
    private static byte[] misfitClass(String name) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, name, null,
                "java/lang/Object", new String[] {"javax/servlet/Filter"});
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "misfit",
                "(Ljava/lang/String;Lorg/slf4j/Logger;)V", null, null);
        method.visitCode();
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/String", "length", "()I", false);
        method.visitInsn(Opcodes.POP);
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()J", false);
        method.visitInsn(Opcodes.POP2);
        method.visitVarInsn(Opcodes.ALOAD, 1);
        method.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/slf4j/Logger", "isDebugEnabled", "()Z", false);
        method.visitInsn(Opcodes.POP);
        method.visitInsn(Opcodes.RETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    @Test
    void controlsLinkInTheDistribution() {
        assertThat(traps.findingsIn(ServletPage.class.getName())).as("%s", traps).isEmpty();
        assertThat(traps.findingsIn(CompleteMucListener.class.getName())).as("%s", traps).isEmpty();
        assertThat(traps.findingsIn(RoomLookup.class.getName())).as("%s", traps).isEmpty();
        assertThat(traps.findingsIn(NamedModule.class.getName())).as("%s", traps).isEmpty();
        assertThat(traps.findingsIn(LambdaInterceptor.class.getName())).as("%s", traps).isEmpty();
    }
}
