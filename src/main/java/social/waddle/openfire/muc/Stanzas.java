package social.waddle.openfire.muc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.Packet;

/** Reading and writing the parts of stanzas the gateway and its commands need, with dom4j only. */
final class Stanzas {

    static final String DATA_FORMS = "jabber:x:data";
    static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private Stanzas() {
    }

    /**
     * The defined condition of an error stanza (RFC 6120 §8.3.3) and its text, e.g. {@code forbidden (Only owners
     * may do that)}; {@code undefined-condition} when the error names none.
     */
    static String describeError(Packet packet) {
        Element error = packet.getElement().element("error");
        if (error == null) {
            return "undefined-condition (no error element)";
        }
        String condition = "undefined-condition";
        String text = null;
        for (Element child : error.elements()) {
            if (!STANZA_ERRORS.equals(child.getNamespaceURI())) {
                continue;
            }
            if ("text".equals(child.getName())) {
                text = child.getTextTrim();
            } else {
                condition = child.getName();
            }
        }
        return text == null || text.isEmpty() ? condition : condition + " (" + text + ")";
    }

    /** The defined condition of an error stanza, without text. */
    static String errorCondition(Packet packet) {
        String described = describeError(packet);
        int space = described.indexOf(' ');
        return space < 0 ? described : described.substring(0, space);
    }

    /** The first XEP-0004 data form directly inside {@code parent}, or null. */
    static Element dataForm(Element parent) {
        return parent == null ? null : parent.element(QName.get("x", DATA_FORMS));
    }

    /** XEP-0004 field values of a form by variable, in document order. */
    static Map<String, List<String>> fieldValues(Element form) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (form == null) {
            return values;
        }
        for (Element field : form.elements("field")) {
            String variable = field.attributeValue("var");
            if (variable == null) {
                continue;
            }
            List<String> fieldValues = new ArrayList<>();
            for (Element value : field.elements("value")) {
                fieldValues.add(value.getText());
            }
            values.put(variable, fieldValues);
        }
        return values;
    }

    /** XEP-0004 §3.3: booleans are "1"/"true" or "0"/"false". */
    static boolean isTrue(String value) {
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }

    static Element addDataForm(Element parent, String type) {
        return parent.addElement("x", DATA_FORMS).addAttribute("type", type);
    }

    static Element addField(Element form, String variable, String type, String label) {
        Element field = form.addElement("field").addAttribute("var", variable);
        if (type != null) {
            field.addAttribute("type", type);
        }
        if (label != null) {
            field.addAttribute("label", label);
        }
        return field;
    }

    static void addValues(Element field, Iterable<String> values) {
        for (String value : values) {
            field.addElement("value").setText(value);
        }
    }
}
