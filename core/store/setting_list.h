#pragma once

#include "core/store/case_settings.h"
#include "core/util/expected.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace cordon::core {

/// A setting holding a list of named definitions (notification channels, regulatory clocks):
/// each item is read with T::fromJson and written with toJson. `what` names the list in
/// errors ("notification channels").

/// The stored list, or nullopt when the case has none; an item that does not read is an error.
template<class T>
Expected<std::optional<std::vector<T>>> readSettingList(Database &db, const std::string &key, const std::string &what)
{
    const auto stored = readSetting(db, key);
    if (!stored)
        return std::optional<std::vector<T>>();
    if (!stored->is_array())
        return Error{ErrorCode::Corrupt, "the case's " + what + " are not a JSON array"};
    std::vector<T> out;
    for (const auto &j : *stored) {
        auto item = T::fromJson(j);
        if (!item)
            return Error{ErrorCode::Corrupt, "the case's " + what + " are unusable: " + item.error().message};
        out.push_back(std::move(*item));
    }
    return std::optional(std::move(out));
}

/// Checks every item (as it would read back) and that no two share a name, then stores the
/// list in one transaction, audited with the names.
template<class T, class NameOf>
Status writeSettingList(Database &db, TimeUs now, const std::string &actor, const std::string &key,
                        const std::vector<T> &items, NameOf nameOf, const std::string &what)
{
    nlohmann::json all = nlohmann::json::array();
    std::vector<std::string> names;
    for (const auto &item : items) {
        if (auto checked = T::fromJson(item.toJson()); !checked)
            return checked.error();
        const std::string name = nameOf(item);
        if (std::find(names.begin(), names.end(), name) != names.end())
            return Error{ErrorCode::Invalid, "two " + what + " are named " + name};
        names.push_back(name);
        all.push_back(item.toJson());
    }
    WriteTransaction txn(db);
    writeSetting(db, now, actor, key, all, {{"names", names}});
    txn.commit();
    return {};
}

} // namespace cordon::core
