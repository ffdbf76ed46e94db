/**
 * The engine's facade, what embedders use: {@link dev.attention.core.Attention#engine()} gives an
 * {@link dev.attention.core.AttentionEngine}, which loads jobs ({@link dev.attention.core.Job}),
 * builds pipelines, runs, fits, searches, streams and draws them. Guice wires it and stays behind it.
 */
@API(status = MAINTAINED)
package dev.attention.core;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;
