import { listOf } from './list-of';

/** Street, city and contact building blocks for synthetic US addresses (fictional combinations). */
export const STREET_NAMES: readonly string[] = listOf(
  'Main, Oak, Maple, Cedar, Pine, Elm, Washington, Lake, Hill, Park, Walnut, Sunset',
  'Lincoln, Jackson, Church, River, Highland, Willow, Madison, Franklin, Chestnut',
  'Spring, Meadow, Forest, Ridge, Valley, Cherry, Jefferson, Adams, Center, Mill',
  'Dogwood, Magnolia, Hickory, Martin Luther King Jr, 1st, 2nd, 3rd, 5th, 10th, 42nd',
);

/** Street type as written out and as abbreviated (USPS): sources differ in which they use. */
export const STREET_TYPES: readonly (readonly [string, string])[] = [
  ['Street', 'St'],
  ['Avenue', 'Ave'],
  ['Road', 'Rd'],
  ['Drive', 'Dr'],
  ['Lane', 'Ln'],
  ['Court', 'Ct'],
  ['Boulevard', 'Blvd'],
  ['Place', 'Pl'],
  ['Way', 'Way'],
  ['Circle', 'Cir'],
];

export interface CityPool {
  city: string;
  state: string;
  /** First three ZIP digits of the area. */
  zip3: string;
  areaCodes: readonly string[];
}

export const CITIES: readonly CityPool[] = [
  { city: 'Springfield', state: 'IL', zip3: '627', areaCodes: ['217'] },
  { city: 'Columbus', state: 'OH', zip3: '432', areaCodes: ['614', '380'] },
  { city: 'Austin', state: 'TX', zip3: '787', areaCodes: ['512', '737'] },
  { city: 'San Antonio', state: 'TX', zip3: '782', areaCodes: ['210'] },
  { city: 'Phoenix', state: 'AZ', zip3: '850', areaCodes: ['602', '480'] },
  { city: 'Denver', state: 'CO', zip3: '802', areaCodes: ['303', '720'] },
  { city: 'Atlanta', state: 'GA', zip3: '303', areaCodes: ['404', '678'] },
  { city: 'Raleigh', state: 'NC', zip3: '276', areaCodes: ['919'] },
  { city: 'Nashville', state: 'TN', zip3: '372', areaCodes: ['615'] },
  { city: 'Madison', state: 'WI', zip3: '537', areaCodes: ['608'] },
  { city: 'Portland', state: 'OR', zip3: '972', areaCodes: ['503', '971'] },
  { city: 'Seattle', state: 'WA', zip3: '981', areaCodes: ['206'] },
  { city: 'Boston', state: 'MA', zip3: '021', areaCodes: ['617'] },
  { city: 'Worcester', state: 'MA', zip3: '016', areaCodes: ['508'] },
  { city: 'Richmond', state: 'VA', zip3: '232', areaCodes: ['804'] },
  { city: 'Albuquerque', state: 'NM', zip3: '871', areaCodes: ['505'] },
  { city: 'Miami', state: 'FL', zip3: '331', areaCodes: ['305', '786'] },
  { city: 'Tampa', state: 'FL', zip3: '336', areaCodes: ['813'] },
  { city: 'Brooklyn', state: 'NY', zip3: '112', areaCodes: ['718', '347'] },
  { city: 'Newark', state: 'NJ', zip3: '071', areaCodes: ['973'] },
];

export const EMAIL_DOMAINS: readonly string[] = listOf(
  'example.com, example.net, example.org, mail.example, inbox.example',
);
