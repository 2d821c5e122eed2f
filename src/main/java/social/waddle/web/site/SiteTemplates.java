package social.waddle.web.site;

import java.io.Writer;
import java.util.Map;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.WriterOutput;

/**
 * The precompiled jte templates of {@code src/main/jte/site}, HTML content type (every {@code ${…}} escaped for where it
 * appears). Built with our class loader as context class loader, as {@code social.waddle.web.Templates} explains.
 */
final class SiteTemplates {

    static final String PACKAGE = "social.waddle.web.templates";

    private static final TemplateEngine ENGINE = createEngine();

    private SiteTemplates() {
    }

    private static TemplateEngine createEngine() {
        ClassLoader own = SiteTemplates.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(own);
        try {
            return TemplateEngine.createPrecompiled(null, ContentType.Html, own, PACKAGE);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static void render(String template, SiteFrame frame, Object view, Writer out) {
        ENGINE.render(template, Map.of("frame", frame, "view", view), new WriterOutput(out));
    }
}
