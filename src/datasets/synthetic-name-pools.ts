import { listOf } from './list-of';

/**
 * Built-in name lists for the synthetic population: common US given names (most with
 * well-known short forms) and surnames, including Hispanic ones that combine into compound
 * surnames. Small on purpose: frequent names make realistic same-name collisions.
 */
export const MALE_GIVEN_NAMES: readonly string[] = listOf(
  'James, Robert, John, Michael, William, David, Richard, Joseph, Thomas, Charles',
  'Christopher, Daniel, Matthew, Anthony, Steven, Andrew, Joshua, Kenneth, Edward',
  'Timothy, Ronald, Jeffrey, Jacob, Nicholas, Jonathan, Benjamin, Samuel, Gregory',
  'Alexander, Patrick, Raymond, Gerald, Lawrence, Frederick, Henry, Peter, Jose, Luis',
  'Carlos, Juan, Miguel, Jesus, Wei, Minh, Mohammed, Rahul, Tyrone, DeShawn, Jamal',
  'Ethan, Noah, Liam, Mason, Aiden, Jayden, Elijah, Logan, Caleb, Isaiah, Dylan, Kevin',
  'Brian',
);

export const FEMALE_GIVEN_NAMES: readonly string[] = listOf(
  'Mary, Patricia, Jennifer, Linda, Elizabeth, Barbara, Susan, Jessica, Sarah, Karen',
  'Margaret, Nancy, Deborah, Rebecca, Katherine, Christine, Samantha, Victoria, Dorothy',
  'Kimberly, Pamela, Cynthia, Jacqueline, Theresa, Amanda, Stephanie, Melissa, Sandra',
  'Abigail, Alexandra, Emily, Olivia, Sophia, Isabella, Maria, Guadalupe, Rosa, Carmen',
  'Ana, Mei, Linh, Fatima, Priya, Aaliyah, Keisha, Latoya, Emma, Ava, Madison, Chloe',
  'Grace, Hannah, Brittany, Ashley, Megan, Lauren, Heather, Nicole, Angela, Michelle',
  'Lisa',
);

export const SURNAMES: readonly string[] = listOf(
  'Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor',
  'Thomas, Moore, Jackson, Martin, Lee, Thompson, White, Harris, Clark, Lewis, Robinson',
  'Walker, Young, Allen, King, Wright, Scott, Hill, Green, Adams, Baker, Nelson, Carter',
  'Mitchell, Roberts, Turner, Phillips, Campbell, Parker, Evans, Edwards, Collins',
  'Stewart, Morris, Murphy, Cook, Rogers, Morgan, Cooper, Peterson, Reed, Bailey, Bell',
  'Kelly, Howard, Ward, Cox, Richardson, Wood, Watson, Brooks, Bennett, Gray, James',
  'Hughes, Price, Sanders, Myers, Long, Ross, Foster, Nguyen, Tran, Kim, Park, Chen',
  "Wang, Li, Patel, Shah, Khan, Ali, Washington, Jefferson, McDonald, O'Brien, Schmidt",
  'Schneider, Kowalski, Novak, Olsen, Larsen, Van Dyke',
);

/** Surnames that also form Hispanic double surnames (father's first, mother's second). */
export const HISPANIC_SURNAMES: readonly string[] = listOf(
  'Garcia, Rodriguez, Martinez, Hernandez, Lopez, Gonzalez, Perez, Sanchez, Ramirez',
  'Torres, Flores, Rivera, Gomez, Diaz, Reyes, Morales, Cruz, Ortiz, Gutierrez, Chavez',
  'Ramos, Ruiz, Alvarez, Mendoza, Castillo, Vargas',
);

/** Given-name -> short-form pairs used when no nickname table is supplied. */
export const DEFAULT_NICKNAME_PAIRS: readonly (readonly [string, string])[] = listOf(
  'james:jim, james:jimmy, robert:bob, robert:rob, robert:bobby, john:jack, john:johnny',
  'michael:mike, william:bill, william:will, william:billy, david:dave, richard:rick',
  'richard:dick, joseph:joe, thomas:tom, thomas:tommy, charles:chuck, charles:charlie',
  'christopher:chris, daniel:dan, daniel:danny, matthew:matt, anthony:tony',
  'steven:steve, andrew:andy, andrew:drew, joshua:josh, kenneth:ken, edward:ed',
  'edward:ted, timothy:tim, ronald:ron, jeffrey:jeff, jacob:jake, nicholas:nick',
  'jonathan:jon, benjamin:ben, samuel:sam, gregory:greg, alexander:alex, patrick:pat',
  'raymond:ray, gerald:jerry, lawrence:larry, frederick:fred, henry:hank, peter:pete',
  'jose:pepe, elizabeth:liz, elizabeth:beth, elizabeth:betty, patricia:pat',
  'patricia:patty, jennifer:jen, jennifer:jenny, barbara:barb, susan:sue, jessica:jess',
  'margaret:maggie, margaret:peggy, deborah:debbie, rebecca:becky, katherine:kate',
  'katherine:kathy, christine:chris, christine:tina, samantha:sam, victoria:vicky',
  'dorothy:dot, kimberly:kim, pamela:pam, cynthia:cindy, jacqueline:jackie',
  'theresa:terry, amanda:mandy, stephanie:steph, melissa:missy, sandra:sandy',
  'abigail:abby, alexandra:alex, mary:molly, guadalupe:lupe, isabella:bella, emily:em',
  'michelle:shelly',
).map((pair) => {
  const [formal = '', nickname = ''] = pair.split(':');
  return [formal, nickname] as const;
});
