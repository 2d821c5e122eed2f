package social.waddle.community;

/**
 * A member's standing in a Waddle. Ranks are strictly ordered, owner above admin above moderator above member;
 * nobody acts on someone of equal or higher rank.
 */
public enum Role {
    MEMBER(1), MODERATOR(2), ADMIN(3), OWNER(4);

    private final int rank;

    Role(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public boolean outranks(Role other) {
        return rank > other.rank;
    }

    public boolean atLeast(Role other) {
        return rank >= other.rank;
    }
}
