package social.waddle.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** URL pieces for links and redirects (the template engine then escapes the whole URL for its HTML attribute). */
public final class Urls {

    private Urls() {
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code page?name=value}, the value encoded. */
    public static String withParameter(String page, String name, String value) {
        return page + "?" + encode(name) + "=" + encode(value);
    }
}
