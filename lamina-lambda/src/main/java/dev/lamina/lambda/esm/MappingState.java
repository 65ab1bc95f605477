package dev.lamina.lambda.esm;

/**
 * Where an event source mapping is in its life, with Lambda's names for the states it reports. A
 * change the user asks for first shows as a transitional state ({@code Creating}, {@code Enabling},
 * {@code Disabling}, {@code Updating}, {@code Deleting}); {@link #settle} is what the node's pollers
 * reach once they have acted on it. Transitions are pure.
 */
public sealed interface MappingState {
    /** Lambda's name of the state, as {@code State} reports it. */
    String name();

    /** Whether its messages are being polled once settled. */
    boolean polls();

    /** The state once the pollers have acted on this one. */
    MappingState settle();

    /** The state after an update, which turns polling on or off, or leaves it ({@code null}). */
    default MappingState update(Boolean enable) {
        if (enable == null || enable == polls()) {
            return new Updating(polls());
        }
        return enable ? new Enabling() : new Disabling();
    }

    /** The state after a delete: settled by removing the mapping. */
    default MappingState delete() {
        return new Deleting();
    }

    /** The state of a new mapping. */
    static MappingState create(boolean enabled) {
        return new Creating(enabled);
    }

    /** The state named {@code name}, as stored, of a mapping that polls once settled or not. */
    static MappingState of(String name, boolean polls) {
        return switch (name) {
            case "Creating" -> new Creating(polls);
            case "Enabling" -> new Enabling();
            case "Enabled" -> new Enabled();
            case "Disabling" -> new Disabling();
            case "Disabled" -> new Disabled();
            case "Updating" -> new Updating(polls);
            case "Deleting" -> new Deleting();
            default -> throw new IllegalArgumentException("no event source mapping state " + name);
        };
    }

    record Creating(boolean enable) implements MappingState {
        public String name() {
            return "Creating";
        }

        public boolean polls() {
            return enable;
        }

        public MappingState settle() {
            return enable ? new Enabled() : new Disabled();
        }
    }

    record Enabling() implements MappingState {
        public String name() {
            return "Enabling";
        }

        public boolean polls() {
            return true;
        }

        public MappingState settle() {
            return new Enabled();
        }
    }

    record Enabled() implements MappingState {
        public String name() {
            return "Enabled";
        }

        public boolean polls() {
            return true;
        }

        public MappingState settle() {
            return this;
        }
    }

    record Disabling() implements MappingState {
        public String name() {
            return "Disabling";
        }

        public boolean polls() {
            return false;
        }

        public MappingState settle() {
            return new Disabled();
        }
    }

    record Disabled() implements MappingState {
        public String name() {
            return "Disabled";
        }

        public boolean polls() {
            return false;
        }

        public MappingState settle() {
            return this;
        }
    }

    record Updating(boolean enable) implements MappingState {
        public String name() {
            return "Updating";
        }

        public boolean polls() {
            return enable;
        }

        public MappingState settle() {
            return enable ? new Enabled() : new Disabled();
        }
    }

    record Deleting() implements MappingState {
        public String name() {
            return "Deleting";
        }

        public boolean polls() {
            return false;
        }

        public MappingState settle() {
            return this;
        }
    }
}
