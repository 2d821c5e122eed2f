package social.waddle.openfire.community;

import java.util.List;
import java.util.Map;

import org.dom4j.Element;

/**
 * Writes <a href="https://xmpp.org/extensions/xep-0004.html">XEP-0004</a> data forms into a command element: a
 * {@code form} to fill in, or a {@code result}. Every field has a label; {@code required} and {@code desc} as in
 * XEP-0004 §3.2.
 */
final class CommandForm {

    static final String DATA_FORMS = "jabber:x:data";

    private final Element form;

    private CommandForm(Element form) {
        this.form = form;
    }

    /** A form to fill in, with its {@code FORM_TYPE} (XEP-0068) hidden field. */
    static CommandForm toFill(Element parent, String formType, String title, String instructions) {
        Element form = parent.addElement("x", DATA_FORMS).addAttribute("type", "form");
        form.addElement("title").setText(title);
        if (instructions != null && !instructions.isEmpty()) {
            form.addElement("instructions").setText(instructions);
        }
        CommandForm filled = new CommandForm(form);
        filled.field("FORM_TYPE", "hidden", null).addElement("value").setText(formType);
        return filled;
    }

    /** A result form; {@code title} may be null (XEP-0128 forms in disco#info have none). */
    static CommandForm result(Element parent, String formType, String title) {
        Element form = parent.addElement("x", DATA_FORMS).addAttribute("type", "result");
        if (title != null) {
            form.addElement("title").setText(title);
        }
        CommandForm result = new CommandForm(form);
        result.field("FORM_TYPE", "hidden", null).addElement("value").setText(formType);
        return result;
    }

    Field textSingle(String variable, String label) {
        return new Field(field(variable, "text-single", label));
    }

    Field textMulti(String variable, String label) {
        return new Field(field(variable, "text-multi", label));
    }

    Field jidSingle(String variable, String label) {
        return new Field(field(variable, "jid-single", label));
    }

    Field jidMulti(String variable, String label) {
        return new Field(field(variable, "jid-multi", label));
    }

    Field bool(String variable, String label) {
        return new Field(field(variable, "boolean", label));
    }

    /** A list-single field offering {@code options} (value → label), in their order. */
    Field listSingle(String variable, String label, Map<String, String> options) {
        Element field = field(variable, "list-single", label);
        options.forEach((value, optionLabel) ->
                field.addElement("option").addAttribute("label", optionLabel).addElement("value").setText(value));
        return new Field(field);
    }

    private Element field(String variable, String type, String label) {
        Element field = form.addElement("field").addAttribute("var", variable).addAttribute("type", type);
        if (label != null) {
            field.addAttribute("label", label);
        }
        return field;
    }

    /** One field, to add a description, the required flag or values to. */
    static final class Field {

        private final Element element;

        private Field(Element element) {
            this.element = element;
        }

        Field describedAs(String text) {
            element.addElement("desc").setText(text);
            return this;
        }

        Field required() {
            element.addElement("required");
            return this;
        }

        Field value(String value) {
            element.addElement("value").setText(value);
            return this;
        }

        Field values(List<String> values) {
            values.forEach(this::value);
            return this;
        }
    }
}
