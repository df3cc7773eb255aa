#pragma once

#include "core/response/connectors.h"
#include "ui/response/action_table_model.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace cordon::ui {

class CircuitBreakers;
class ResponseDesk;

/// The Response page: the proposals inbox and every action with its lifecycle and the
/// buttons for each step (approve with a preview, reject with a reason, execute, dry run,
/// verify, revert), then where accounts stand, the circuit breakers, the blocklists and
/// the communications log with the regulatory clocks. Steps that change a system ask first.
class ResponsePage : public QWidget {
    Q_OBJECT
public:
    explicit ResponsePage(ResponseDesk &desk, QWidget *parent = nullptr);

    ActionTableModel *actionModel() const { return m_model; }
    QTableView *actionView() const { return m_view; }
    /// The actions selected in the table.
    std::vector<std::int64_t> selectedActions() const;
    void setShow(ActionTableModel::Show show);
    /// The steps behind the buttons, without their dialogs (for the buttons and the tests).
    void approve(const std::vector<std::int64_t> &ids);
    void reject(const std::vector<std::int64_t> &ids, const QString &reason);
    void run(const std::vector<std::int64_t> &ids, core::response::ActionDelivery::Operation op, const QString &note,
             bool dryRun = false);
    void verify(const std::vector<std::int64_t> &ids, const QString &note);
    void proposeFromForensics();
    /// What the rules of the open alerts recommend (triage's recommendations as proposals).
    void proposeFromAlerts();
    /// The clocks' countdowns follow the window's tick.
    void setNow(core::TimeUs now);

private:
    QWidget *createActionsArea();
    QWidget *createAccountsTab();
    QWidget *createBlocklistsTab();
    QWidget *createCommunicationsTab();
    void showSnapshot();
    void showDetail();
    void updateButtons();
    void askApprove();
    void askReject();
    void askRun(core::response::ActionDelivery::Operation op);
    void askVerify();
    void exportArtefacts();
    void proposeSelectedPattern();

    ResponseDesk &m_desk;
    ActionTableModel *m_model;
    QTableView *m_view;
    QComboBox *m_show;
    QTextBrowser *m_detail;
    QPushButton *m_approve, *m_reject, *m_execute, *m_dryRun, *m_verify, *m_revert, *m_propose;
    QPushButton *m_fromAlerts = nullptr;
    QTabWidget *m_tabs;
    QStandardItemModel *m_accounts, *m_patterns, *m_addresses, *m_comms;
    QTableView *m_patternView;
    CircuitBreakers *m_breakers;
    QLabel *m_clocks;
    core::TimeUs m_now = 0;
};

} // namespace cordon::ui
