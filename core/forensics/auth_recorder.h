#pragma once

#include "core/forensics/auth_forensics.h"
#include "core/forensics/campaign_store.h"
#include "core/store/sqlite.h"

namespace cordon::core::forensics {

/// Judges authentication events during an analysis run and records what is wrong with
/// each in auth_findings. An account's earlier auth events are read back from the case
/// (by the account/time index), so a run needs no memory of earlier runs.
class AuthRecorder {
public:
    AuthRecorder(Database &db, const AuthCriteria &criteria, EntityNames &names);

    /// Records the findings about `event` for run `analysisId`; returns how many.
    int examine(const AuthEvent &event, std::int64_t analysisId);

private:
    std::vector<AuthEvent> earlier(const AuthEvent &event);
    void read(Statement &rows, const AuthEvent &event, std::vector<AuthEvent> &out);

    Database &m_db;
    AuthCriteria m_criteria;
    EntityNames &m_names;
    Statement m_previousSuccess, m_lastSuccessTime, m_failures, m_insert;
};

} // namespace cordon::core::forensics
