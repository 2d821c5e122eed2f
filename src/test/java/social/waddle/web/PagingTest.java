package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void startIsClampedToAPageBoundaryWithinTheRows() {
        assertThat(new Paging(37, 25, 100).start()).isEqualTo(25);
        assertThat(new Paging(-5, 25, 100).start()).isZero();
        assertThat(new Paging(1000, 25, 60).start()).isEqualTo(50);
        assertThat(new Paging(10, 25, 0).start()).isZero();
    }

    @Test
    void countsAndShownRange() {
        Paging paging = new Paging(50, 25, 60);

        assertThat(paging.pageCount()).isEqualTo(3);
        assertThat(paging.currentPage()).isEqualTo(3);
        assertThat(paging.firstShown()).isEqualTo(51);
        assertThat(paging.lastShown()).isEqualTo(60);
        assertThat(new Paging(0, 25, 0).firstShown()).isZero();
        assertThat(new Paging(0, 25, 25).hasBar()).isFalse();
    }

    @Test
    void theBarShowsFirstLastAndAWindowWithGaps() {
        Paging paging = new Paging(20 * 25, 25, 40 * 25);

        assertThat(paging.links()).extracting(Paging.Link::number)
                .containsExactly(1, 17, 18, 19, 20, 21, 22, 23, 24, 25, 40);
        assertThat(paging.links()).filteredOn(Paging.Link::gapBefore).extracting(Paging.Link::number).containsExactly(17, 40);
        assertThat(paging.links()).filteredOn(Paging.Link::current).extracting(Paging.Link::start).containsExactly(500);
    }

    @Test
    void queryKeepsOtherParametersEncoded() {
        Map<String, String> keep = new LinkedHashMap<>();
        keep.put("q", "a b&c");
        keep.put("empty", "");

        assertThat(new Paging(0, 50, 200).query(100, keep)).isEqualTo("q=a+b%26c&start=100&range=50");
    }
}
