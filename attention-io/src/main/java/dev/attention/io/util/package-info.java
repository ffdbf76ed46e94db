/**
 * Small helpers shared by the engine modules: temporary files, nearest-name suggestions.
 *
 * <p>Internal to the engine ({@code @API(status = INTERNAL)}): embedders use the facade in
 * {@code dev.attention.core} and the types here marked otherwise; see decision 33.
 */
@API(status = INTERNAL)
package dev.attention.io.util;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
