package social.waddle.web;

import java.io.Writer;
import java.util.Map;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.WriterOutput;

/**
 * The precompiled jte templates of {@code src/main/jte}, console pages and public pages alike (one engine). Content type HTML: every {@code ${…}} is escaped for the
 * place it appears in (text, attribute), so nothing an admin, a DID document or a profile supplies can become markup.
 * Classes are loaded through our own class loader, which in Openfire is the plugin's.
 *
 * <p>jte 3 ignores the class loader handed to {@code createPrecompiled} when there is no class directory: it keeps the
 * thread's context class loader of the moment the engine is built. The engine is therefore built with ours as context
 * class loader, whichever thread first renders (in Openfire a console request runs with the admin webapp's loader).
 */
public final class Templates {

    static final String PACKAGE = "social.waddle.web.templates";

    private static final TemplateEngine ENGINE = createEngine();

    private Templates() {
    }

    private static TemplateEngine createEngine() {
        ClassLoader own = Templates.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(own);
        try {
            return TemplateEngine.createPrecompiled(null, ContentType.Html, own, PACKAGE);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** @param frame what the page's layout shows around the view: a console {@link PageFrame} or a public page's */
    public static void render(String template, Object frame, Object view, Writer out) {
        ENGINE.render(template, Map.of("frame", frame, "view", view), new WriterOutput(out));
    }
}
