#pragma once

#include "core/domain/case_info.h"
#include "core/response/artefacts.h"
#include "core/response/connectors.h"
#include "core/response/notifications.h"
#include "core/response/regulatory_clocks.h"
#include "core/response/response_policy.h"
#include "core/response/tasks.h"

#include <QString>

#include <vector>

namespace cordon::ui {

/// Everything the Response and Tasks pages show, read at once on the desk's reader: a few
/// hundred rows in a large incident, so one read per change keeps the pages consistent.
struct ResponseSnapshot {
    core::CaseInfo info;
    std::vector<core::response::Action> actions;
    std::vector<core::response::AccountStatus> accounts;
    std::vector<core::response::BlockedPattern> patterns;
    std::vector<core::response::BlockedAddress> addresses;
    std::vector<core::response::Communication> communications;
    std::vector<core::response::RegulatoryClock> clocks;
    std::vector<core::response::Task> tasks;
    std::vector<core::response::Person> people;
    std::vector<core::response::ConnectorDefinition> connectors;
    std::vector<core::response::NotificationChannel> channels;
    core::response::ResponsePolicy policy;
    QString problem;   ///< a setting that does not read, said in the window

    const core::response::Action *action(std::int64_t id) const
    {
        for (const auto &a : actions) {
            if (a.id == id)
                return &a;
        }
        return nullptr;
    }
};

/// Reads the snapshot on `db` (a read connection).
ResponseSnapshot readResponse(core::Database &db);

} // namespace cordon::ui
