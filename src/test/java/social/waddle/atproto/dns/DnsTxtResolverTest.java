package social.waddle.atproto.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

class DnsTxtResolverTest {

    private TinyDnsServer dns;
    private DnsTxtResolver resolver;

    @BeforeEach
    void startDns() throws Exception {
        dns = new TinyDnsServer();
        resolver = DnsTxtResolver.forServer(dns.address(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    @AfterAll
    static void releaseDnsjava() {
        DnsTxtResolver.releaseSharedResources();
    }

    @Test
    void returnsTheDidOfTheAtprotoTxtRecord() throws Exception {
        dns.txt("_atproto.alice.example", "did=did:plc:abc123");

        List<String> dids = resolver.atprotoDids("alice.example");

        assertThat(dids).containsExactly("did:plc:abc123");
    }

    @Test
    void returnsEveryDisagreeingDidAndIgnoresOtherTxtRecords() throws Exception {
        dns.txt("_atproto.bob.example", "did=did:plc:first")
                .txt("_atproto.bob.example", "v=spf1 -all")
                .txt("_atproto.bob.example", "did=did:web:bob.example");

        List<String> dids = resolver.atprotoDids("Bob.Example");

        assertThat(dids).containsExactlyInAnyOrder("did:plc:first", "did:web:bob.example");
    }

    @Test
    void joinsTheCharacterStringsOfOneRecord() throws Exception {
        dns.txt("_atproto.split.example", "did=did:plc:", "abc");

        assertThat(resolver.atprotoDids("split.example")).containsExactly("did:plc:abc");
    }

    @Test
    void noSuchNameIsEmpty() throws Exception {
        assertThat(resolver.atprotoDids("nobody.example")).isEmpty();
        assertThat(dns.queries()).isEqualTo(1);
    }

    @Test
    void nameWithoutDidRecordsIsEmpty() throws Exception {
        dns.txt("_atproto.plain.example", "hello");

        assertThat(resolver.atprotoDids("plain.example")).isEmpty();
    }

    @Test
    void serverFailureIsANetworkFailureNotAnEmptyAnswer() {
        dns.mode(TinyDnsServer.Mode.SERVFAIL);

        AtprotoException failure = catchThrowableOfType(AtprotoException.class, () -> resolver.atprotoDids("alice.example"));

        assertThat(failure.failure()).isEqualTo(Failure.NETWORK);
        assertThat(failure.isTemporary()).isTrue();
        assertThat(failure.getMessage()).contains("SERVFAIL").contains(dns.address());
    }

    @Test
    void silentServerTimesOutFast() {
        dns.mode(TinyDnsServer.Mode.SILENT);
        DnsTxtResolver impatient = DnsTxtResolver.forServer(dns.address(), Duration.ofSeconds(1));

        long started = System.nanoTime();
        AtprotoException failure = catchThrowableOfType(AtprotoException.class, () -> impatient.atprotoDids("alice.example"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(failure.failure()).isEqualTo(Failure.TIMEOUT);
        assertThat(failure.getMessage()).contains(dns.address()).contains("1000 ms");
    }

    @Test
    void parsesResolverAddresses() {
        assertThat(DnsTxtResolver.forServer("9.9.9.9", Duration.ofSeconds(1)).server().getPort()).isEqualTo(53);
        assertThat(DnsTxtResolver.forServer("127.0.0.1:5353", Duration.ofSeconds(1)).server().getPort()).isEqualTo(5353);
        assertThat(DnsTxtResolver.forServer("[::1]:5300", Duration.ofSeconds(1)).server().getPort()).isEqualTo(5300);
        assertThatThrownBy(() -> DnsTxtResolver.forServer("dns.example:53", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnsTxtResolver.forServer("127.0.0.1:99999", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNamesThatAreNotDnsNames() {
        AtprotoException failure = catchThrowableOfType(AtprotoException.class,
                () -> resolver.atprotoDids("a..b"));

        assertThat(failure.failure()).isEqualTo(Failure.INVALID_SYNTAX);
    }
}
