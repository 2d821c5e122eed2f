package social.waddle.atproto.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;

/**
 * A fully read, size-capped response: status, headers, body and the URI it finally came from (after redirects).
 */
public record SafeHttpResponse(int status, HttpHeaders headers, byte[] body, URI finalUri) {

    public SafeHttpResponse {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The media type without parameters, lower case ({@code application/json}). */
    public Optional<String> mediaType() {
        return headers.firstValue("content-type").map(SafeHttpResponse::baseMediaType);
    }

    static String baseMediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "SafeHttpResponse[status=" + status + ", finalUri=" + finalUri + ", bytes=" + body.length + "]";
    }
}
