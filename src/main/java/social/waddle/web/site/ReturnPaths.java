package social.waddle.web.site;

import java.util.Optional;

/**
 * Where a page may send the browser back to after signing in: a path under the base path only, so no
 * {@code return}-style parameter can become an open redirect. Refused: absolute and scheme-relative URLs
 * ({@code //evil.example}), backslashes (browsers read {@code /\evil.example} as {@code //evil.example}), control
 * characters and whitespace, dot segments, and anything outside the base path.
 */
public final class ReturnPaths {

    private static final int MAX_LENGTH = 512;

    private ReturnPaths() {
    }

    /**
     * @param candidate what a parameter or cookie says, e.g. {@code /waddle/invite/abc}
     * @param basePath the base path, e.g. {@code /waddle}
     * @return the path relative to the base path ({@code /invite/abc}), or empty when it is not a safe local path
     */
    public static Optional<String> relative(String candidate, String basePath) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '\\' || c == '#' || c > 0x7e) {
                return Optional.empty();
            }
        }
        if (!candidate.startsWith("/") || candidate.startsWith("//")) {
            return Optional.empty();
        }
        String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        String rest;
        if (candidate.equals(base)) {
            rest = "/";
        } else if (candidate.startsWith(base + "/")) {
            rest = candidate.substring(base.length());
        } else {
            return Optional.empty();
        }
        if (rest.startsWith("//")) {
            return Optional.empty();
        }
        String path = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
            return Optional.empty();
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(rest);
    }
}
