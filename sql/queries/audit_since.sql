-- The audit log between two days (both included), newest first, each action with its label.
-- params: $since (date), $until (date; null = up to now), $action (varchar: a key of ref.audit_actions; null = all)
-- reads: meta.audit, ref.audit_actions
select
    a.audit_id,
    a.logged_at,
    a.who,
    a.client,
    a.action,
    coalesce(l.label, a.action) as action_label,
    a.detail,
from meta.audit as a
left join ref.audit_actions as l on a.action = l.action
where
    a.logged_at >= cast($since as date)
    and (cast($until as date) is null or a.logged_at < cast($until as date) + interval 1 day)
    and (cast($action as varchar) is null or a.action = $action)
order by a.logged_at desc, a.audit_id desc
