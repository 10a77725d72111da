package dev.planprovenance.service.capture;

import dev.planprovenance.engine.EngineSession;
import dev.planprovenance.service.api.model.TableReference;

/**
 * A table format the engine does not read by itself (e.g. {@code delta}): a bean of this type registers such a table
 * in the capture's session and describes what it read. The descriptions of all tables of one format form an external
 * component of the capture (keyed by table name), which the engine hashes into plan identity and the audit (under
 * {@link #hashName()}) and the store keeps in external_component like any other format's.
 *
 * <p>Adding a format takes a bean of this type and its names in openapi/openapi.yaml (the {@code format} of
 * TableReference and the component in ComponentName); no table, column or store code. {@link TableRegistrar} refuses
 * to start with a source whose component the API does not name.
 *
 * <p>Refusals a client can act on (a protocol feature that cannot be honoured, a missing version) are thrown as
 * {@link dev.planprovenance.service.problem.ProblemException} with a 4xx type; a location the source reads itself is
 * resolved with {@link EngineSession#resolveLocation}, the engine's one data-roots check.
 */
public interface ExternalTableSource {
    /** The {@code format} value of table references this source handles, e.g. {@code delta}. */
    String format();

    /** The component the descriptions go to, e.g. {@code delta}: a ComponentName that is not the engine's own. */
    String component();

    /** The name of the component's hash among a capture's hashes, e.g. {@code delta_snapshot_hash}. */
    String hashName();

    /** Registers the table under {@code table.getName()} and returns its JSON-serializable description. */
    Object register(EngineSession session, TableReference table);
}
