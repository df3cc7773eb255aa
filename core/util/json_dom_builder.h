#pragma once

#include "core/util/json_reader.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace cordon::core {

/// SAX handler that builds the DOM itself so it can refuse depth and notice duplicates as the
/// parser goes (the stock DOM parser would build the whole tree first).
class JsonDomBuilder {
public:
    JsonDomBuilder(nlohmann::json &root, const JsonLimits &limits, std::vector<std::string> &duplicates)
        : m_root(root), m_limits(limits), m_duplicates(duplicates) {}

    bool null() { place(nullptr); return true; }
    bool boolean(bool v) { place(v); return true; }
    bool number_integer(nlohmann::json::number_integer_t v) { place(v); return true; }
    bool number_unsigned(nlohmann::json::number_unsigned_t v)
    {
        // Above INT64_MAX a value no longer fits SQLite's integer: keep its exact digits.
        if (v > static_cast<nlohmann::json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max()))
            place(std::to_string(v));
        else
            place(static_cast<nlohmann::json::number_integer_t>(v));
        return true;
    }
    bool number_float(nlohmann::json::number_float_t v, const std::string &raw)
    {
        // The lexer reports an integer literal that overflows 64 bits as a float; keep the
        // literal rather than a rounded double.
        if (raw.find_first_of(".eE") == std::string::npos)
            place(raw);
        else
            place(v);
        return true;
    }
    bool string(std::string &v) { place(std::move(v)); return true; }
    bool binary(nlohmann::json::binary_t &) { m_error = "binary values are not JSON"; return false; }

    bool start_object(std::size_t)
    {
        if (!enter())
            return false;
        m_stack.push_back(place(nlohmann::json::value_t::object));
        return true;
    }
    bool key(std::string &k)
    {
        nlohmann::json &object = *m_stack.back();
        if (object.contains(k))
            m_duplicates.push_back(k);
        m_slot = &object[k];
        return true;
    }
    bool end_object() { m_stack.pop_back(); return true; }
    bool start_array(std::size_t)
    {
        if (!enter())
            return false;
        m_stack.push_back(place(nlohmann::json::value_t::array));
        return true;
    }
    bool end_array() { m_stack.pop_back(); return true; }

    bool parse_error(std::size_t position, const std::string &, const nlohmann::detail::exception &ex)
    {
        m_error = "invalid JSON at byte " + std::to_string(position) + ": " + ex.what();
        return false;
    }

    const std::string &error() const { return m_error; }
    /// True once the value that was started has been closed again.
    bool done() const { return m_stack.empty(); }

private:
    bool enter()
    {
        if (m_stack.size() >= m_limits.maxDepth) {
            m_error = "JSON nested deeper than " + std::to_string(m_limits.maxDepth) + " levels";
            return false;
        }
        return true;
    }

    template<class V>
    nlohmann::json *place(V &&v)
    {
        if (m_stack.empty()) {
            m_root = nlohmann::json(std::forward<V>(v));
            return &m_root;
        }
        nlohmann::json &parent = *m_stack.back();
        if (parent.is_array()) {
            parent.emplace_back(std::forward<V>(v));
            return &parent.back();
        }
        *m_slot = nlohmann::json(std::forward<V>(v));
        return m_slot;
    }

    nlohmann::json &m_root;
    const JsonLimits &m_limits;
    std::vector<std::string> &m_duplicates;
    std::vector<nlohmann::json *> m_stack;
    nlohmann::json *m_slot = nullptr;
    std::string m_error;
};

} // namespace cordon::core
