package dev.attention.train.search;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/** Hears about trials as they finish, e.g. to draw progress. Called from worker threads, one call at a time. */
@FunctionalInterface
@API(status = MAINTAINED)
public interface SearchListener {
    SearchListener NONE = (done, total, trial) -> {
    };

    /**
     * @param done  trials finished so far, this one included
     * @param total trials in the search
     * @param trial the trial that just finished
     */
    void finished(int done, int total, Trial trial);
}
