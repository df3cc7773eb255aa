#include "ui/response/response_snapshot.h"

#include "core/query/case_reader.h"

namespace cordon::ui {

ResponseSnapshot readResponse(core::Database &db)
{
    namespace r = core::response;
    ResponseSnapshot s;
    if (auto info = core::readCaseInfo(db))
        s.info = *info;
    s.actions = r::listActions(db);
    s.accounts = r::accountStatuses(db);
    s.patterns = r::patternBlocklist(db, true);
    s.addresses = r::addressBlocklist(db);
    s.communications = r::listCommunications(db, 500);
    s.clocks = r::listClocks(db);
    s.tasks = r::listTasks(db);
    s.people = r::listPeople(db);
    s.connectors = r::listConnectors(db);
    if (auto channels = r::notificationChannels(db))
        s.channels = *channels;
    else
        s.problem = QString::fromStdString(channels.error().message);
    if (auto policy = r::responsePolicy(db))
        s.policy = *policy;
    else
        s.problem = QString::fromStdString(policy.error().message);
    return s;
}

} // namespace cordon::ui
