package social.waddle.web;

import java.io.Writer;
import java.util.Map;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.WriterOutput;

/**
 * The precompiled jte templates of {@code src/main/jte}. Content type HTML: every {@code ${…}} is escaped for the
 * place it appears in (text, attribute), so nothing an admin, a DID document or a profile supplies can become markup.
 * Classes are loaded through our own class loader, which in Openfire is the plugin's.
 */
final class Templates {

    static final String PACKAGE = "social.waddle.web.templates";

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Templates.class.getClassLoader(), PACKAGE);

    private Templates() {
    }

    static void render(String template, PageFrame frame, Object view, Writer out) {
        ENGINE.render(template, Map.of("frame", frame, "view", view), new WriterOutput(out));
    }
}
