/**
 * Searching the plugin space: which variant × alignment × distribution (and which parameter
 * values) predicts a config's targets best, by k-fold cross-validation.
 *
 * <p>{@link dev.attention.train.search.Searcher} turns a {@code search:} section into candidates
 * (every combination, or a seeded random sample), scores each candidate on the same folds (fitting
 * it on each fold's training part when it has anything to fit, with the config's {@code fit:}
 * options) and ranks them by the mean held-out loss. Determinism does not depend on scheduling:
 * candidates are drawn up front on one thread, the folds come from the search seed, and each
 * trial's fit seed is a hash of the search seed and the candidate's description, so a trial
 * computes the same bits on any thread, at any position, and again when {@code best.yaml} pins
 * that one candidate. A candidate that cannot be built or run (a parameter the variant refuses,
 * negative scores under {@code normalize}, a window that makes rows depend on their position) is
 * a skipped trial with its reason, never the end of the search.
 *
 * <p>The package depends on config, fit, pipeline and plugin, never on the engine package (which
 * calls it), so package dependencies stay acyclic.
 *
 * <p>Internal to the engine ({@code @API(status = INTERNAL)}): embedders use the facade in
 * {@code dev.attention.core} and the types here marked otherwise; see decision 33.
 */
@API(status = INTERNAL)
package dev.attention.train.search;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
