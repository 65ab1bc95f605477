package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MappingStateTest {
    @Test
    void aNewMappingSettlesEnabledOrDisabledAsAsked() {
        assertEquals("Creating", MappingState.create(true).name());
        assertEquals(new MappingState.Enabled(), MappingState.create(true).settle());
        assertEquals(new MappingState.Disabled(), MappingState.create(false).settle());
        assertFalse(MappingState.create(false).polls());
    }

    @Test
    void updatesShowWhatTheyChange() {
        MappingState enabled = new MappingState.Enabled();
        assertEquals("Updating", enabled.update(null).name());
        assertEquals("Updating", enabled.update(true).name());
        assertEquals(new MappingState.Enabled(), enabled.update(null).settle());
        assertEquals("Disabling", enabled.update(false).name());
        assertEquals(new MappingState.Disabled(), enabled.update(false).settle());
        MappingState disabled = new MappingState.Disabled();
        assertEquals("Enabling", disabled.update(true).name());
        assertTrue(disabled.update(true).polls());
        assertEquals(new MappingState.Disabled(), disabled.update(null).settle());
    }

    @Test
    void deletingStopsPollingAndStays() {
        MappingState deleting = new MappingState.Enabled().delete();
        assertEquals("Deleting", deleting.name());
        assertFalse(deleting.polls());
        assertEquals(deleting, deleting.settle());
    }

    @Test
    void aStoredStateComesBackTheSame() {
        for (MappingState s : new MappingState[] {
            MappingState.create(true),
            MappingState.create(false),
            new MappingState.Enabling(),
            new MappingState.Enabled(),
            new MappingState.Disabling(),
            new MappingState.Disabled(),
            new MappingState.Updating(true),
            new MappingState.Updating(false),
            new MappingState.Deleting()
        }) {
            assertEquals(s, MappingState.of(s.name(), s.polls()));
        }
    }
}
