/**
 * Heatmaps of attention weights, drawn as SVG and PNG with the JDK only.
 *
 * <p>Internal to the engine ({@code @API(status = INTERNAL)}): embedders use the facade in
 * {@code dev.attention.core} and the types here marked otherwise; see decision 33.
 */
@API(status = INTERNAL)
package dev.attention.render;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
