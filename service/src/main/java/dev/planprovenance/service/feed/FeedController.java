package dev.planprovenance.service.feed;

import dev.planprovenance.service.api.FeedApi;
import dev.planprovenance.service.api.model.DriftEventPage;
import java.time.OffsetDateTime;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** GET /v1/drift: the drift feed, as generated from openapi/openapi.yaml (parameters validated by the interface). */
@RestController
public class FeedController implements FeedApi {
    private final DriftEventStore events;

    public FeedController(DriftEventStore events) {
        this.events = events;
    }

    @Override
    public ResponseEntity<DriftEventPage> listDriftEvents(String environment, OffsetDateTime since, Integer page,
            Integer size) {
        return ResponseEntity.ok(events.page(environment, since, page, size));
    }
}
