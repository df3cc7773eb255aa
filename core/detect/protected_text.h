#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

namespace cordon::core {

/// Texts a case protects (training data, confidential documents, a system prompt): an
/// output that repeats eight words of one of them in a row is a verbatim leak. Held as
/// hashed eight-word shingles, so matching costs one pass over the output.
class ProtectedText {
public:
    static constexpr std::size_t kShingleWords = 8;

    void add(std::string_view text);
    /// How many eight-word runs of `output` occur in a protected text.
    std::size_t matches(std::string_view output) const;
    bool empty() const { return m_shingles.empty(); }
    std::size_t size() const { return m_shingles.size(); }

    /// The case's protected texts (indicators of type "protected_text").
    static ProtectedText load(Database &db);
    /// Adds a protected text to the case, audited like any indicator.
    static Expected<std::int64_t> store(Database &db, const Clock &clock, const std::string &actor,
                                        const std::string &name, const std::string &text);

private:
    std::unordered_set<std::uint64_t> m_shingles;
};

} // namespace cordon::core
