package social.waddle.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

/**
 * Server-side paging as the console's own lists do it ({@code start} and {@code range} parameters, a "Pages: [ 1 2 … ]"
 * bar): the page asks its store for {@link #range()} rows from {@link #start()}.
 *
 * @param start offset of the first row shown, a multiple of {@code range} within the rows
 * @param range rows per page
 * @param total rows in all pages
 */
public record Paging(int start, int range, int total) {

    public static final List<Integer> RANGES = List.of(25, 50, 100);
    public static final int DEFAULT_RANGE = 25;
    /** Page links shown on either side of the current page before the bar elides. */
    private static final int WINDOW = 4;

    public record Link(int number, int start, boolean current, boolean gapBefore) {
    }

    public Paging {
        if (range < 1) {
            throw new IllegalArgumentException("range must be positive");
        }
        if (total < 0) {
            throw new IllegalArgumentException("total must not be negative");
        }
        int lastStart = total == 0 ? 0 : (total - 1) / range * range;
        start = Math.min(Math.max(0, start) / range * range, lastStart);
    }

    /** From the request's {@code start} and {@code range}; nonsense falls back to the first page of the default size. */
    public static Paging from(HttpServletRequest request, int total) {
        int range = parse(request.getParameter("range"), DEFAULT_RANGE);
        if (!RANGES.contains(range)) {
            range = DEFAULT_RANGE;
        }
        return new Paging(parse(request.getParameter("start"), 0), range, total);
    }

    private static int parse(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public int pageCount() {
        return Math.max(1, (total + range - 1) / range);
    }

    public int currentPage() {
        return start / range + 1;
    }

    public int firstShown() {
        return total == 0 ? 0 : start + 1;
    }

    public int lastShown() {
        return Math.min(start + range, total);
    }

    public boolean hasBar() {
        return pageCount() > 1;
    }

    /** Page 1, the pages around the current one, and the last page; a gap marks pages left out. */
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        int current = currentPage();
        int last = pageCount();
        int previous = 0;
        for (int page = 1; page <= last; page++) {
            boolean shown = page == 1 || page == last || Math.abs(page - current) <= WINDOW;
            if (shown) {
                links.add(new Link(page, (page - 1) * range, page == current, page > previous + 1));
                previous = page;
            }
        }
        return links;
    }

    /** A query string for page {@code start} that keeps the other parameters (already decoded), escaped for a URL. */
    public String query(int pageStart, Map<String, String> keep) {
        StringBuilder query = new StringBuilder();
        keep.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                query.append(Urls.encode(name)).append('=').append(Urls.encode(value)).append('&');
            }
        });
        return query.append("start=").append(pageStart).append("&range=").append(range).toString();
    }
}
