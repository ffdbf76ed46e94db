/**
 * Variant plugins: what the queries, keys and values are and which positions take part.
 */
package dev.attention.variants;
