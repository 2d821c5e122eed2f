package social.waddle;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import social.waddle.account.ConnectionSource;

/**
 * The dependency rules written in every {@code package-info.java}, enforced on the compiled main classes. A rule
 * here and the sentence in the package-info say the same; change both together.
 */
@AnalyzeClasses(packages = "social.waddle", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The JDK's own packages a core class may use: {@code java.*} and the JCA/JSSE parts of {@code javax.*}. */
    private static final String JDK = "java..";
    private static final String JDK_CRYPTO = "javax.crypto..";
    private static final String JDK_TLS = "javax.net..";
    private static final String SLF4J = "org.slf4j..";
    private static final String JACKSON = "com.fasterxml.jackson..";
    private static final String BOUNCY_CASTLE = "org.bouncycastle..";
    private static final String NIMBUS = "com.nimbusds..";
    private static final String DNSJAVA = "org.xbill..";

    private static final String[] PURE_CORE = {"social.waddle.atproto..", "social.waddle.login..",
            "social.waddle.account..", "social.waddle.community..", "social.waddle.settings..", "social.waddle.time..", "social.waddle.profile..",
            "social.waddle.device.."};

    @ArchTest
    static final ArchRule pureCoreNeverImportsOpenfireTinderJettyOrServlets = noClasses()
            .that().resideInAnyPackage(PURE_CORE)
            .should().dependOnClassesThat().resideInAnyPackage("org.jivesoftware..", "org.xmpp..",
                    "org.eclipse.jetty..", "javax.servlet..", "jakarta.servlet..")
            .because("the pure core is tested without a server (package-info of atproto, login, account, community, settings)");

    @ArchTest
    static final ArchRule consolePagesNeverImportOpenfireTinderOrJetty = noClasses()
            .that().resideInAPackage("social.waddle.web..")
            .should().dependOnClassesThat().resideInAnyPackage("org.jivesoftware..", "org.xmpp..", "org.eclipse.jetty..")
            .because("what the console provides comes through interfaces implemented in social.waddle.openfire.web");

    @ArchTest
    static final ArchRule onlyAdaptersKnowTheAdapters = noClasses()
            .that().resideOutsideOfPackage("social.waddle.openfire..")
            .should().dependOnClassesThat().resideInAPackage("social.waddle.openfire..")
            .because("Openfire adapters depend on the core, never the other way round");

    @ArchTest
    static final ArchRule atprotoCore = classes()
            .that().resideInAPackage("social.waddle.atproto..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, JDK_CRYPTO, JDK_TLS, SLF4J, JACKSON, BOUNCY_CASTLE,
                    NIMBUS, DNSJAVA, "social.waddle.atproto..")
            .because("package-info of social.waddle.atproto");

    @ArchTest
    static final ArchRule oauth = classes()
            .that().resideInAPackage("social.waddle.atproto.oauth")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SLF4J, JACKSON, NIMBUS, "social.waddle.atproto",
                    "social.waddle.atproto.concurrent", "social.waddle.atproto.http", "social.waddle.atproto.identity",
                    "social.waddle.atproto.syntax", "social.waddle.atproto.oauth")
            .because("package-info of social.waddle.atproto.oauth");

    @ArchTest
    static final ArchRule syntax = classes()
            .that().resideInAPackage("social.waddle.atproto.syntax")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "social.waddle.atproto", "social.waddle.atproto.syntax")
            .because("package-info of social.waddle.atproto.syntax");

    @ArchTest
    static final ArchRule concurrent = classes()
            .that().resideInAPackage("social.waddle.atproto.concurrent")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "social.waddle.atproto", "social.waddle.atproto.concurrent")
            .because("package-info of social.waddle.atproto.concurrent");

    @ArchTest
    static final ArchRule crypto = classes()
            .that().resideInAPackage("social.waddle.atproto.crypto")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, BOUNCY_CASTLE, "social.waddle.atproto",
                    "social.waddle.atproto.syntax", "social.waddle.atproto.crypto")
            .because("package-info of social.waddle.atproto.crypto");

    @ArchTest
    static final ArchRule http = classes()
            .that().resideInAPackage("social.waddle.atproto.http")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, JDK_TLS, SLF4J, "social.waddle.atproto", "social.waddle.atproto.http")
            .because("package-info of social.waddle.atproto.http");

    @ArchTest
    static final ArchRule dns = classes()
            .that().resideInAPackage("social.waddle.atproto.dns")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SLF4J, DNSJAVA, "social.waddle.atproto", "social.waddle.atproto.dns")
            .because("package-info of social.waddle.atproto.dns");

    @ArchTest
    static final ArchRule xrpc = classes()
            .that().resideInAPackage("social.waddle.atproto.xrpc")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SLF4J, JACKSON, "social.waddle.atproto",
                    "social.waddle.atproto.syntax", "social.waddle.atproto.http", "social.waddle.atproto.xrpc")
            .because("package-info of social.waddle.atproto.xrpc");

    @ArchTest
    static final ArchRule identity = classes()
            .that().resideInAPackage("social.waddle.atproto.identity")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SLF4J, JACKSON, "social.waddle.atproto..")
            .because("package-info of social.waddle.atproto.identity");

    @ArchTest
    static final ArchRule settings = classes()
            .that().resideInAPackage("social.waddle.settings")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SLF4J, "social.waddle.atproto", "social.waddle.atproto.syntax",
                    "social.waddle.time", "social.waddle.settings")
            .because("package-info of social.waddle.settings");

    @ArchTest
    static final ArchRule time = classes()
            .that().resideInAPackage("social.waddle.time")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "social.waddle.time")
            .because("package-info of social.waddle.time");

    @ArchTest
    static final ArchRule account = classes()
            .that().resideInAPackage("social.waddle.account")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "social.waddle.atproto..", "social.waddle.account")
            .because("package-info of social.waddle.account");

    @ArchTest
    static final ArchRule profile = classes()
            .that().resideInAPackage("social.waddle.profile")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SLF4J, "social.waddle.atproto..",
                    "social.waddle.account", "social.waddle.profile")
            .because("package-info of social.waddle.profile");

    @ArchTest
    static final ArchRule login = classes()
            .that().resideInAPackage("social.waddle.login")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, JDK_CRYPTO, SLF4J, NIMBUS, BOUNCY_CASTLE,
                    JACKSON, "social.waddle.atproto..", "social.waddle.account", "social.waddle.device", "social.waddle.login")
            .because("package-info of social.waddle.login");

    @ArchTest
    static final ArchRule device = classes()
            .that().resideInAPackage("social.waddle.device")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, JDK_CRYPTO, SLF4J, "social.waddle.account",
                    "social.waddle.device")
            .because("package-info of social.waddle.device");

    @ArchTest
    static final ArchRule community = classes()
            .that().resideInAPackage("social.waddle.community")
            .should().onlyDependOnClassesThat(resideInAnyPackage(JDK, SLF4J, "social.waddle.atproto..", "social.waddle.community..")
                    .or(equivalentTo(ConnectionSource.class)))
            .because("package-info of social.waddle.community");

    @ArchTest
    static final ArchRule rooms = classes()
            .that().resideInAPackage("social.waddle.community.rooms")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "social.waddle.community.rooms")
            .because("package-info of social.waddle.community.rooms");

    @ArchTest
    static final ArchRule web = classes()
            .that().resideInAPackage("social.waddle.web..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, JDK_CRYPTO, "javax.servlet..", "gg.jte..", SLF4J,
                    "social.waddle.settings", "social.waddle.account", "social.waddle.atproto..", "social.waddle.community..",
                    "social.waddle.time", "social.waddle.device", "social.waddle.web..")
            .because("package-info of social.waddle.web");

    @ArchTest
    static final ArchRule publicSiteAdapterReachesJettyOnlyByName = noClasses()
            .that().resideInAPackage("social.waddle.openfire.site")
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..")
            .because("package-info of social.waddle.openfire.site: Jetty 12 is reached through method handles, as the"
                    + " 4.2.0 compile class path holds Jetty 9");

    @ArchTest
    static final ArchRule communityCommandsUseNoOpenfireSingletons = classes()
            .that().resideInAPackage("social.waddle.openfire.community")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SLF4J, "org.dom4j..", "org.xmpp.packet..",
                    "org.jivesoftware.openfire.commands..", "social.waddle.community..", "social.waddle.atproto..",
                    "social.waddle.time", "social.waddle.openfire.community", "social.waddle.openfire.commands")
            .because("package-info of social.waddle.openfire.community: all of it runs in unit tests");

    @ArchTest
    static final ArchRule commandBaseDependsOnNothingOfWaddle = classes()
            .that().resideInAPackage("social.waddle.openfire.commands")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SLF4J, "org.dom4j..", "org.xmpp.packet..",
                    "org.jivesoftware.openfire.commands..", "social.waddle.openfire.commands")
            .because("package-info of social.waddle.openfire.commands: every command family builds on it");

    @ArchTest
    static final ArchRule roomsAreDrivenByStanzasNeverRoomObjects = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("org.jivesoftware.openfire.muc.MUCRoom")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.jivesoftware.openfire.muc.MUCRole")
            .because("MUCRoom and MUCRole do not link alike on Openfire 4.2.0 and 5.x (package-info of social.waddle.openfire.muc)");

    @ArchTest
    static final ArchRule cachesUseOnlyTheCacheApi = classes()
            .that().resideInAPackage("social.waddle.openfire.cache")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SLF4J, "org.jivesoftware.util.cache..",
                    "social.waddle.login", "social.waddle.atproto..", "social.waddle.openfire.cache")
            .because("package-info of social.waddle.openfire.cache");
}
