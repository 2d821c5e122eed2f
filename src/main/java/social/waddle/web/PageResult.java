package social.waddle.web;

import java.util.Objects;

/** What a page answers: a rendered template, or (after a POST) a redirect carrying a flash message. */
public sealed interface PageResult {

    /** Renders {@code template} with {@code view} as its {@code view} parameter. */
    record View(String template, Object view, int status) implements PageResult {
        public View {
            Objects.requireNonNull(template);
            Objects.requireNonNull(view);
        }
    }

    /** Redirects (303 See Other) to {@code location}, relative to the page, and shows {@code text} there. */
    record Redirect(String location, Flash.Kind kind, String text) implements PageResult {
        public Redirect {
            Objects.requireNonNull(location);
            Objects.requireNonNull(kind);
            Objects.requireNonNull(text);
        }
    }

    static View view(String template, Object view) {
        return new View(template, view, 200);
    }

    static Redirect success(String location, String text) {
        return new Redirect(location, Flash.Kind.SUCCESS, text);
    }

    static Redirect error(String location, String text) {
        return new Redirect(location, Flash.Kind.ERROR, text);
    }
}
