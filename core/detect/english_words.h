#pragma once

#include <cstddef>
#include <string_view>

namespace cordon::core::scan {

/// Whether a word is English: a lowercase letters-only word in Debian's American and British
/// word lists (about 100,000 words with their inflections, embedded at build time). The
/// suffix scanner uses it for the dictionary-word ratio of a prompt's tail.
bool isEnglishWord(std::string_view lowercaseWord);

namespace detail {
extern const char *const kEnglishWordChunks[];   ///< newline-separated words, nullptr-terminated
extern const std::size_t kEnglishWordCount;
} // namespace detail

} // namespace cordon::core::scan
