/**
 * Subword tokenization: one byte-level BPE vocabulary shared by all languages.
 *
 * <p>Byte-pair encoding for NMT is Sennrich, Haddow and Birch (2016), "Neural Machine Translation
 * of Rare Words with Subword Units", ACL; byte-level BPE (every byte is a base symbol, so nothing
 * is ever unknown) is Radford et al. (2019), GPT-2, and Wang, Cho and Gu (2020), "Neural Machine
 * Translation with Byte-Level Subwords", AAAI. Language tags as target-language tokens ({@code
 * <2de>}) are Johnson et al. (2017), "Google's Multilingual Neural Machine Translation System",
 * TACL.
 *
 * <p>No Java library on Maven Central trains a tokenizer: DJL's Hugging Face {@code tokenizers}
 * binding (0.36.0) exposes only loading, encoding and decoding through JNI, and DJL's {@code
 * sentencepiece} only loading a {@code .model}. So {@link io.moeplatform.core.tokenize.BpeTrainer}
 * trains here and writes a Hugging Face {@code tokenizer.json}; {@link
 * io.moeplatform.core.tokenize.BpeTokenizer} encodes with it in plain Java. A test loads the same
 * file with DJL's Hugging Face binding (a test-scope dependency) and checks that both give
 * identical ids.
 */
package io.moeplatform.core.tokenize;
