package social.waddle.web.site;

import java.net.URI;
import java.util.Objects;

import social.waddle.web.Flash;

/** What a public page answers. */
public sealed interface SiteResult {

    /** Renders {@code template} (under {@code src/main/jte}, e.g. {@code site/home.jte}) with {@code view}. */
    record View(String template, Object view, int status) implements SiteResult {
        public View {
            Objects.requireNonNull(template);
            Objects.requireNonNull(view);
        }
    }

    /**
     * Redirects (303) to {@code path}, relative to the base URL ({@code "/"} is the home page, {@code "/devices"}),
     * showing {@code text} there unless it is empty.
     */
    record Redirect(String path, Flash.Kind kind, String text) implements SiteResult {
        public Redirect {
            Objects.requireNonNull(path);
            if (!path.startsWith("/") || path.startsWith("//")) {
                throw new IllegalArgumentException("A redirect goes to a path under the base URL: " + path);
            }
            Objects.requireNonNull(kind);
            Objects.requireNonNull(text);
        }
    }

    /** Redirects to another site: only the sign-in does this, to the person's own authorization server. */
    record External(URI location) implements SiteResult {
        public External {
            Objects.requireNonNull(location);
        }
    }

    /** A document that is not a page (JSON metadata), with its content type. */
    record Document(String contentType, String body, int status) implements SiteResult {
    }

    static View view(String template, Object view) {
        return new View(template, view, 200);
    }

    static Redirect success(String path, String text) {
        return new Redirect(path, Flash.Kind.SUCCESS, text);
    }

    static Redirect error(String path, String text) {
        return new Redirect(path, Flash.Kind.ERROR, text);
    }

    static Redirect to(String path) {
        return new Redirect(path, Flash.Kind.SUCCESS, "");
    }
}
