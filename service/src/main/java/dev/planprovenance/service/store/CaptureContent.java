package dev.planprovenance.service.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Every content-addressed row one capture references, keyed and not yet written: the request, the runtime profile,
 * each component, and the component set over the components. The capture row needs only the three keys below.
 */
public final class CaptureContent {
    private final PendingRow request;
    private final PendingRow profile;
    private final List<PendingRow> components;
    private final PendingRow componentSet;

    CaptureContent(PendingRow request, PendingRow profile, List<PendingRow> components, PendingRow componentSet) {
        this.request = request;
        this.profile = profile;
        this.components = List.copyOf(components);
        this.componentSet = componentSet;
    }

    public ContentKey requestKey() {
        return request.key();
    }

    public ContentKey profileKey() {
        return profile.key();
    }

    public ContentKey componentSetKey() {
        return componentSet.key();
    }

    /** In the order they are inserted; no row depends on another (rows that belong to one are written with it). */
    List<PendingRow> rows() {
        List<PendingRow> rows = new ArrayList<>(components.size() + 3);
        rows.add(request);
        rows.add(profile);
        rows.addAll(components);
        rows.add(componentSet);
        return rows;
    }
}
