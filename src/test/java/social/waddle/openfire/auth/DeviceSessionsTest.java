package social.waddle.openfire.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.jivesoftware.openfire.session.LocalSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceSessionsTest {

    private final AutoCloseable installed = DeviceSessions.install();

    @AfterEach
    void clear() throws Exception {
        installed.close();
    }

    @Test
    void revokingClosesTheOpenSessionsOfThatPasswordOnly() {
        LocalSession phone = mock(LocalSession.class);
        LocalSession phoneAgain = mock(LocalSession.class);
        LocalSession laptop = mock(LocalSession.class);
        LocalSession gone = mock(LocalSession.class);
        when(gone.isClosed()).thenReturn(true);
        DeviceSessions.register("phone", phone);
        DeviceSessions.register("phone", phoneAgain);
        DeviceSessions.register("phone", gone);
        DeviceSessions.register("laptop", laptop);

        assertThat(DeviceSessions.endSessionsOf("phone")).isEqualTo(2);

        verify(phone).close();
        verify(phoneAgain).close();
        verify(gone, never()).close();
        verify(laptop, never()).close();
        assertThat(DeviceSessions.endSessionsOf("phone")).isZero();
        assertThat(DeviceSessions.endSessionsOf("unknown")).isZero();
    }

    @Test
    void aSessionThatFailsToCloseDoesNotStopTheOthers() {
        LocalSession broken = mock(LocalSession.class);
        LocalSession fine = mock(LocalSession.class);
        org.mockito.Mockito.doThrow(new IllegalStateException("socket gone")).when(broken).close();
        DeviceSessions.register("phone", broken);
        DeviceSessions.register("phone", fine);

        assertThat(DeviceSessions.endSessionsOf("phone")).isEqualTo(2);
        verify(fine).close();
    }

    @Test
    void theSweepEndsSessionsOfPasswordsRevokedElsewhereAndKeepsTheRest() {
        LocalSession phone = mock(LocalSession.class);
        LocalSession laptop = mock(LocalSession.class);
        DeviceSessions.register("phone", phone);
        DeviceSessions.register("laptop", laptop);
        java.util.Set<String> stored = new java.util.HashSet<>(java.util.Set.of("phone", "laptop"));

        assertThat(DeviceSessions.endRevoked(stored::contains)).isZero();
        stored.remove("phone"); // revoked on another cluster node: the row is gone from the shared database

        assertThat(DeviceSessions.endRevoked(stored::contains)).isEqualTo(1);
        verify(phone).close();
        verify(laptop, never()).close();
        assertThat(DeviceSessions.endRevoked(stored::contains)).as("ended sessions are forgotten").isZero();
    }

    @Test
    void aSweepThatCannotReachTheDatabaseEndsNothing() {
        LocalSession phone = mock(LocalSession.class);
        DeviceSessions.register("phone", phone);

        assertThat(DeviceSessions.endRevoked(id -> {
            throw new IllegalStateException("database down");
        })).isZero();
        verify(phone, never()).close();
        assertThat(DeviceSessions.endRevoked(id -> false)).as("the next sweep still knows the session").isEqualTo(1);
    }
}
