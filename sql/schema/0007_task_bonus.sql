-- Bonus points a framework awards per completed breakthrough task (0: none). Within the bonus cap.
alter table ref.frameworks add column task_bonus_points double default 0;
