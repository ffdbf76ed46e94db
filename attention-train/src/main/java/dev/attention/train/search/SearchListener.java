package dev.attention.train.search;

/** Hears about trials as they finish, e.g. to draw progress. Called from worker threads, one call at a time. */
@FunctionalInterface
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
