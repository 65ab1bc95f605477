package dev.lamina.apigateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import dev.lamina.storage.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who keeps something per stage beside the API's document hears, after the commit, of the stages and APIs gone. */
class StageRemovalsTest {
    @TempDir
    Path dir;

    @Test
    void aDeletedStageOrApiIsToldOnceCommittedAndOtherChangesAreNot() throws Exception {
        try (Database db = new Database(dir.resolve("lamina.db"))) {
            InstantSource clock = InstantSource.fixed(Instant.EPOCH);
            Apis apis = new Apis(db, SqliteApiStore.httpApis(db), clock, new SplittableRandom(7));
            Stages stages = new Stages(apis, clock);
            List<String> told = new ArrayList<>();
            apis.onRemoval((apiId, stage) -> told.add(apiId + " " + stage));
            HttpApi api = apis.create(new Apis.Create(
                    "n", "HTTP", null, "arn:aws:lambda:us-east-1:000000000000:function:f", null, null, null));
            StageSpec none = new StageSpec(null, null, null, null, null, null);
            stages.createStage(api.apiId(), "prod", none);
            stages.createStage(api.apiId(), "beta", none);
            stages.updateStage(api.apiId(), "beta", new StageSpec("b", null, null, null, null, null));
            assertEquals(List.of(), told, "creating and changing stages removes none");

            stages.deleteStage(api.apiId(), "prod");
            assertEquals(List.of(api.apiId() + " prod"), told);
            assertThrows(AwsException.class, () -> stages.deleteStage(api.apiId(), "prod"));
            assertEquals(1, told.size(), "a refused removal tells nobody");

            apis.delete(api.apiId());
            assertEquals(List.of(api.apiId() + " prod", api.apiId() + " null"), told);
        }
    }
}
