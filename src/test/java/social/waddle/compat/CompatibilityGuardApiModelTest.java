package social.waddle.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/** The two API models the guard compares against: the 5.1.1 table and the 4.2.0 jars read with ASM. */
class CompatibilityGuardApiModelTest {

    private static Map<String, ApiClass> table511() {
        return OpenfireApi.parseTsv(new InputStreamReader(
                CompatibilityGuardApiModelTest.class.getResourceAsStream(OpenfireApi.TSV_5_1_1), StandardCharsets.UTF_8));
    }

    @Test
    void tableHasEveryClassRowOf511() {
        Map<String, ApiClass> classes = table511();

        assertThat(classes).hasSize(1204);
    }

    @Test
    void tableRowsBecomeClassesWithJvmDescriptorsAndFlags() {
        Map<String, ApiClass> classes = table511();

        ApiClass jiveGlobals = classes.get("org/jivesoftware/util/JiveGlobals");
        ApiMember setXmlProperty = jiveGlobals.method("setXMLProperty", "(Ljava/lang/String;Ljava/lang/String;)Z");
        assertThat(setXmlProperty.isStatic()).isTrue();
        assertThat(setXmlProperty.isPublic()).isTrue();
        assertThat(jiveGlobals.method("setXMLProperty", "(Ljava/lang/String;Ljava/lang/String;)V")).isNull();
        assertThat(jiveGlobals.field("BLOWFISH_KDF_SHA1", "Ljava/lang/String;"))
                .satisfies(field -> assertThat(field.isStatic() && field.isFinal()).isTrue());
        assertThat(jiveGlobals.superName()).isEqualTo("java/lang/Object");

        ApiClass mucRoom = classes.get("org/jivesoftware/openfire/muc/MUCRoom");
        assertThat(mucRoom.isInterface()).isFalse();
        assertThat(mucRoom.interfaces()).contains("org/xmpp/resultsetmanagement/Result", "java/io/Externalizable");

        ApiClass listener = classes.get("org/jivesoftware/openfire/muc/MUCEventListener");
        assertThat(listener.isInterface()).isTrue();
        assertThat(listener.method("roomCreated", "(JLorg/xmpp/packet/JID;)V").isAbstract()).isTrue();
        assertThat(listener.method("roomCreated", "(Lorg/xmpp/packet/JID;)V")).isNull();

        ApiMember dispatchHandler = classes.get("org/dom4j/io/XMPPPacketReader")
                .method("getDispatchHandler", "()Lorg/dom4j/io/DispatchHandler;");
        assertThat(dispatchHandler.isProtected()).isTrue();
        assertThat(dispatchHandler.isPublic()).isFalse();

        assertThat(classes.get("org/jivesoftware/openfire/handler/IQHandler").isAbstract()).isTrue();
    }

    @Test
    void flagsKindsAndNestedNamesAreParsed() {
        String tsv = String.join("\n",
                "# comment",
                "C\tcom.example.Outer$Inner\tclass/abstract,final\tcom.example.Base\tjava.lang.Runnable,com.example.Marker",
                "M\tcom.example.Outer$Inner\trun\t()V\tprotected,abstract",
                "M\tcom.example.Outer$Inner\tnow\t()J\tstatic",
                "F\tcom.example.Outer$Inner\tNAME\tLjava/lang/String;\tprotected,static,final",
                "C\tcom.example.Marker\tinterface\t\t",
                "M\tcom.example.Marker\tmark\t()V\tdefault",
                "");

        Map<String, ApiClass> classes = OpenfireApi.parseTsv(new StringReader(tsv));

        ApiClass inner = classes.get("com/example/Outer$Inner");
        assertThat(inner.isAbstract() && inner.isFinal() && !inner.isInterface()).isTrue();
        assertThat(inner.superName()).isEqualTo("com/example/Base");
        assertThat(inner.interfaces()).containsExactly("java/lang/Runnable", "com/example/Marker");
        assertThat(inner.method("run", "()V").signatureWithFlags()).isEqualTo("run()V abstract protected");
        assertThat(inner.method("now", "()J").isStatic()).isTrue();
        assertThat(inner.field("NAME", "Ljava/lang/String;").access())
                .isEqualTo(Opcodes.ACC_PROTECTED | Opcodes.ACC_STATIC
                        | Opcodes.ACC_FINAL);
        ApiClass marker = classes.get("com/example/Marker");
        assertThat(marker.isInterface()).isTrue();
        assertThat(marker.superName()).isEqualTo("java/lang/Object");
        ApiMember mark = marker.method("mark", "()V");
        assertThat(mark.isAbstract() || mark.isStatic()).isFalse();
    }

    @Test
    void malformedRowsAreRejectedWithTheirLineNumber() {
        assertThatThrownBy(() -> OpenfireApi.parseTsv(new StringReader("C\tcom.example.A\tclass\t\t\nM\tcom.example.A\tx\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> OpenfireApi.parseTsv(new StringReader("C\tcom.example.A\tenum\t\t\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown class kind 'enum'");
        assertThatThrownBy(() -> OpenfireApi.parseTsv(new StringReader("M\tcom.example.A\tx\t()V\tvolatile\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown member flag 'volatile'");
        assertThatThrownBy(() -> OpenfireApi.parseTsv(new StringReader("M\tcom.example.A\tx\t()V\t\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no C row for it");
    }

    @Test
    void jarsOf420AreReadWithTheirOwnShapes() {
        try (OpenfireApi openfire420 = OpenfireApi.openfire420()) {
            ApiClass mucRoom = openfire420.find("org/jivesoftware/openfire/muc/MUCRoom").orElseThrow();
            ApiMember setXmlProperty = openfire420.find("org/jivesoftware/util/JiveGlobals").orElseThrow()
                    .method("setXMLProperty", "(Ljava/lang/String;Ljava/lang/String;)V");
            ApiClass jid = openfire420.find("org/xmpp/packet/JID").orElseThrow();

            assertThat(mucRoom.isInterface()).isTrue();
            assertThat(setXmlProperty.isStatic()).isTrue();
            assertThat(jid.method("toBareJID", "()Ljava/lang/String;")).isNotNull();
            assertThat(openfire420.find("org/jivesoftware/openfire/muc/MUCRole")).isPresent();
            assertThat(openfire420.find("org/jivesoftware/database/ProfiledConnection")).as("from dbutil").isPresent();
            assertThat(openfire420.find("java/lang/Object")).as("JDK classes are not Openfire's").isEmpty();
        }
    }

    @Test
    void tinderOf511ComesFromItsOwnJar() {
        try (OpenfireApi openfire511 = OpenfireApi.openfire511()) {
            assertThat(openfire511.find("org/xmpp/component/Component")).get()
                    .satisfies(component -> assertThat(component.isInterface()).isTrue());
            assertThat(openfire511.find("org/jivesoftware/openfire/muc/MUCRole")).isEmpty();
            assertThat(openfire511.find("org/jivesoftware/util/JiveGlobals")).isPresent();
        }
    }
}
