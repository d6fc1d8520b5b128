/**
 * How the units of a department are named in the tables that list them (预算单位: …局, …中心,
 * …（本级）): organisations, not budget items. Classification names end otherwise (…支出, …补助,
 * …费), so a 3-digit number printed before such a name is a unit code (Xi'an 252 西安市生态环境局),
 * not a 类.
 */
export const ORGANISATION_NAME = /(局|委员会|委|办公室|办|中心|院|站|所|队|处|室|馆|会|校|厅|部|团|社|台|本级)(（[^）]*）|\([^)]*\))?$/;
