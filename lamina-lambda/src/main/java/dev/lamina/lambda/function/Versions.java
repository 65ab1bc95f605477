package dev.lamina.lambda.function;

import dev.lamina.lambda.LambdaErrors;
import java.util.List;
import java.util.Map;

/**
 * Published versions: PublishVersion snapshots {@code $LATEST} as the next number (numbers are never
 * reused, even after a delete), and a version an alias routes to cannot be deleted. Reading them is
 * the {@link FunctionRegistry}'s ({@link FunctionRegistry#versions}, {@link FunctionRegistry#version}).
 *
 * <p>Called by the control plane's request threads; every method holds the registry's monitor (see
 * {@link FunctionRegistry} on locking).
 */
public final class Versions {
    private final FunctionRegistry registry;
    private final Functions functions;
    private final FunctionStore store;
    private final Revisions revisions;

    public Versions(FunctionRegistry registry, Functions functions, FunctionStore store, Revisions revisions) {
        this.registry = registry;
        this.functions = functions;
        this.store = store;
        this.revisions = revisions;
    }

    /**
     * Publishes {@code $LATEST} as the next version number; when its code and configuration are
     * those of the last published version, returns that version instead (and ignores
     * {@code description}). {@code $LATEST} gets a new revision id.
     *
     * @param codeSha256 when given, must be {@code $LATEST}'s
     * @param description the version's; {@code null} takes {@code $LATEST}'s
     * @param revisionId when given, must be {@code $LATEST}'s
     */
    public FunctionConfig publish(String name, String codeSha256, String description, String revisionId) {
        synchronized (registry) {
            FunctionConfig latest = functions.latestToChange(name, revisionId);
            if (codeSha256 != null && !codeSha256.equals(latest.code().sha256Base64())) {
                throw LambdaErrors.invalidParameter("CodeSHA256 (" + codeSha256
                        + ") is different from current CodeSHA256 in $LATEST ("
                        + latest.code().sha256Base64()
                        + "). Please try again with the CodeSHA256 in $LATEST.");
            }
            FunctionStore.Published last = registry.lastPublished(name);
            String source = FunctionValidation.fingerprint(latest);
            if (last != null && last.source().equals(source)) {
                FunctionConfig unchanged = registry.published(name, Integer.toString(last.number()));
                if (unchanged != null) {
                    return unchanged;
                }
            }
            int number = last == null ? 1 : last.number() + 1;
            FunctionSettings settings =
                    description == null ? latest.settings() : latest.settings().withDescription(description);
            FunctionConfig version = new FunctionConfig(
                    name,
                    Integer.toString(number),
                    settings,
                    latest.code(),
                    revisions.newId(),
                    revisions.lastModified(),
                    FunctionConfig.State.Active,
                    FunctionConfig.UpdateStatus.Successful,
                    Map.of());
            FunctionStore.Published record = new FunctionStore.Published(number, source);
            store.putVersion(version, record);
            registry.putVersion(version, record);
            functions.touch(name);
            return version;
        }
    }

    /** Deletes a published version; one that does not exist is already deleted. */
    public void delete(String name, String version) {
        synchronized (registry) {
            registry.get(name);
            if (registry.published(name, version) == null) {
                return;
            }
            List<String> referencing = registry.aliases(name, version).stream()
                    .map(AliasConfig::name)
                    .toList();
            if (!referencing.isEmpty()) {
                throw LambdaErrors.conflict(
                        "Unable to delete version because the following aliases reference it: " + referencing);
            }
            store.deleteVersion(name, version);
            store.deleteQualified(name, version);
            registry.removeVersion(name, version);
            registry.tell(l -> l.versionDeleted(name, version));
        }
    }
}
