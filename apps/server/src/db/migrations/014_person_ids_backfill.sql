-- person_ids (the province-wide uniqueness of ID numbers, 002) left out, until the registry's rule
-- was corrected (create.ts, registrableId), every ID number whose region code starts with a
-- repeated digit: 北京 11…, 吉林 22…, 浙江 33…, 广东 44…. Their members were registered without a
-- person_ids row, so the same number could be registered again in another household. This adds
-- the missing rows: one per ID number, for its first registration (lowest county, then member id).
-- A number already registered twice keeps its second household, which the duplicates report
-- (同一身份证号 in two households) shows for the county to resolve.
--
-- The rows taken are those the corrected rule holds unique: 18 characters (17 digits and a check
-- character), not a placeholder (the whole body one digit repeated, region 000000 or 999999, a
-- birth date 00000000, 99999999 or 19000101; a run of consecutive digits cannot start with a
-- repeated digit). See isPlaceholderIdNumber in packages/domain/src/registry/idNumber.ts.
INSERT INTO person_ids (id_number, county_code, member_id, household_id, village_code)
SELECT DISTINCT ON (m.id_number) m.id_number, m.county_code, m.id, m.household_id, m.village_code
  FROM members m
 WHERE m.id_number ~ '^(\d)\1\d{15}[\dX]$'
   AND left(m.id_number, 17) !~ '^(\d)\1+$'
   AND left(m.id_number, 6) NOT IN ('000000', '999999')
   AND substr(m.id_number, 7, 8) NOT IN ('00000000', '99999999', '19000101')
 ORDER BY m.id_number, m.county_code, m.id
ON CONFLICT (id_number) DO NOTHING;
