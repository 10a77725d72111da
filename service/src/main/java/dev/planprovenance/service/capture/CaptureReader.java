package dev.planprovenance.service.capture;

import dev.planprovenance.service.api.model.Capture;
import dev.planprovenance.service.problem.ProblemException;
import dev.planprovenance.service.store.CanonicalJson;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One capture as the API answers it: GET /v1/captures/{id}, and the answer to the POST that stored it. */
@Repository
public class CaptureReader {
    private final JdbcClient jdbc;
    private final CanonicalJson json;

    public CaptureReader(JdbcClient jdbc, CanonicalJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Capture capture(UUID id) {
        return jdbc.sql(CaptureRows.DETAIL_SELECT + " WHERE c.id = :id")
                .param("id", id)
                .query((rs, n) -> CaptureRows.detail(rs, json))
                .optional()
                .orElseThrow(() -> ProblemException.notFound("No capture " + id + "."));
    }

    /**
     * Runs {@code insert} (an {@code INSERT INTO capture ... RETURNING *}) and answers the new capture exactly as
     * {@link #capture(UUID)} reads it, in one statement and one round trip: the joins find the component rows stored
     * earlier in the caller's transaction, or by earlier captures.
     */
    Capture insertAndRead(String insert, SqlParameterSource parameters) {
        return jdbc.sql("WITH c0 AS (" + insert + ") " + CaptureRows.detailSelect("c0"))
                .paramSource(parameters)
                .query((rs, n) -> CaptureRows.detail(rs, json))
                .single();
    }
}
