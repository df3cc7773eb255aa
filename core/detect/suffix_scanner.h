#pragma once

#include <cstddef>
#include <string_view>

namespace cordon::core::scan {

/// How much the tail of a prompt looks like a gradient-search adversarial suffix (GCG and
/// the like), and where it begins. Each whitespace token is weighed by its character-class
/// mix (symbols spliced into words, camel-case joins, brackets and quotes mid-word: 1),
/// whether it is an English word (a non-word: ½, or 1 when it is long, as optimisers splice
/// word pieces together; a short all-capitals token: ¼) and plain punctuation (arithmetic
/// and ordinary sentence marks are not signs). The tail starts at the change point of those
/// weights: the split that best separates a low-weight head from a high-weight tail.
/// score in [0, 1] is the tail's mean weight minus the head's; tailStart is a byte offset.
struct SuffixVerdict {
    double score = 0;
    std::size_t tailStart = 0;
};
SuffixVerdict adversarialSuffix(std::string_view prompt);

} // namespace cordon::core::scan
