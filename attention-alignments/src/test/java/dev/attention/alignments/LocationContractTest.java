package dev.attention.alignments;

import dev.attention.tck.AlignmentContract;
import java.util.Map;

/**
 * The contract with keys narrower than queries (location ignores their contents) and
 * max-positions 7 above the contract's at most 5 keys, so every call cuts W's rows to m.
 */
class LocationContractTest extends AlignmentContract {
    @Override
    protected String id() {
        return "location";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("max-positions", 7);
    }

    @Override
    protected int queryWidth() {
        return 3;
    }

    @Override
    protected int keyWidth() {
        return 2;
    }
}
