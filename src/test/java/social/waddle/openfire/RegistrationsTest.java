package social.waddle.openfire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RegistrationsTest {

    private final List<String> undone = new ArrayList<>();
    private final Registrations registrations = new Registrations();

    private AutoCloseable undo(String what) {
        return () -> undone.add(what);
    }

    @Test
    void undoesEverythingInReverseOrder() {
        registrations.add("first", undo("first"));
        registrations.add("second", undo("second"));
        registrations.add("third", undo("third"));
        assertThat(registrations.size()).isEqualTo(3);

        registrations.undoAll();

        assertThat(undone).containsExactly("third", "second", "first");
        assertThat(registrations.size()).isZero();
    }

    @Test
    void aFailingUndoDoesNotStopTheRest() {
        registrations.add("first", undo("first"));
        registrations.add("throws", () -> {
            throw new IllegalStateException("cannot unregister");
        });
        registrations.add("links badly", () -> {
            throw new NoSuchMethodError("gone in this Openfire");
        });
        registrations.add("checked", () -> {
            throw new Exception("checked failure");
        });
        registrations.add("last", undo("last"));

        registrations.undoAll();

        assertThat(undone).containsExactly("last", "first");
        assertThat(registrations.size()).isZero();
    }

    @Test
    void undoingTwiceUndoesNothingTwice() {
        registrations.add("once", undo("once"));

        registrations.undoAll();
        registrations.undoAll();

        assertThat(undone).containsExactly("once");
    }

    @Test
    void registrationsAfterAnUndoAreUndoneNextTime() {
        registrations.add("old", undo("old"));
        registrations.undoAll();
        registrations.add("new", undo("new"));

        registrations.undoAll();

        assertThat(undone).containsExactly("old", "new");
    }
}
