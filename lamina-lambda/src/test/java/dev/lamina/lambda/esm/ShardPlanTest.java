package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardPlanTest {
    private static final ShardSource.ShardInfo PARENT = new ShardSource.ShardInfo("p", List.of(), "100", "105");
    private static final ShardSource.ShardInfo LEFT = new ShardSource.ShardInfo("l", List.of("p"), "200", null);
    private static final ShardSource.ShardInfo RIGHT = new ShardSource.ShardInfo("r", List.of("p"), "300", null);
    private static final List<ShardSource.ShardInfo> SPLIT = List.of(PARENT, LEFT, RIGHT);

    @Test
    void childrenWaitUntilTheirParentIsReadToItsEnd() {
        assertEquals(List.of(PARENT), ShardPlan.ready(SPLIT, Map.of()));
        assertEquals(List.of(PARENT), ShardPlan.ready(SPLIT, Map.of("p", "104")));
        assertEquals(List.of(LEFT, RIGHT), ShardPlan.ready(SPLIT, Map.of("p", "105")));
    }

    @Test
    void aClosedEmptyShardIsFinishedAtItsStartAndAMissingParentDoesNotHoldAChild() {
        ShardSource.ShardInfo empty = new ShardSource.ShardInfo("e", List.of(), "100", "100");
        ShardSource.ShardInfo orphan = new ShardSource.ShardInfo("o", List.of("gone"), "200", null);
        assertEquals(List.of(orphan), ShardPlan.ready(List.of(empty, orphan), Map.of()));
    }

    @Test
    void aMergedChildWaitsForBothParents() {
        ShardSource.ShardInfo a = new ShardSource.ShardInfo("a", List.of(), "100", "101");
        ShardSource.ShardInfo b = new ShardSource.ShardInfo("b", List.of(), "200", "202");
        ShardSource.ShardInfo c = new ShardSource.ShardInfo("c", List.of("a", "b"), "300", null);
        assertEquals(List.of(b), ShardPlan.ready(List.of(a, b, c), Map.of("a", "101")));
        assertEquals(List.of(c), ShardPlan.ready(List.of(a, b, c), Map.of("a", "101", "b", "202")));
    }
}
