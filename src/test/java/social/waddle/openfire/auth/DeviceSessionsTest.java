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
}
